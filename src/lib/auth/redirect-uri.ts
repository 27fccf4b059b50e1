// The redirect URI of the authorization code flow: Node-RED's admin route that receives the code.

/** Under httpAdminRoot; the dialog shows <editor address><httpAdminRoot><CALLBACK_PATH> to register. */
export const CALLBACK_PATH = 'entra-connection/auth/callback';

/**
 * Microsoft accepts redirect URIs that are https://, or http:// on localhost only; ours must end
 * in the callback path (https://learn.microsoft.com/entra/identity-platform/reply-url).
 */
export function redirectUriProblem(value: unknown): string | undefined {
  let url: URL;
  try {
    url = new URL(String(value ?? ''));
  } catch {
    return 'redirectUri: not a valid URL';
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return `redirectUri: Microsoft accepts only https:// redirect URIs (or http://localhost), and this editor is served from ${url.origin}. Serve Node-RED over HTTPS, open the editor at http://localhost, or use the device code sign-in.`;
  }
  if (!url.pathname.endsWith(`/${CALLBACK_PATH}`) || url.search || url.hash) return `redirectUri: must end in /${CALLBACK_PATH}`;
  return undefined;
}
