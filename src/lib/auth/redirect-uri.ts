// The redirect URI of the authorization code flow: Node-RED's admin route that receives the code.
import { Keyed, keyed, render } from './sign-in-messages';

/** Under httpAdminRoot; the dialog shows <editor address><httpAdminRoot><CALLBACK_PATH> to register. */
export const CALLBACK_PATH = 'entra-connection/auth/callback';

/**
 * Microsoft accepts redirect URIs that are https://, or http:// on localhost only; ours must end
 * in the callback path (https://learn.microsoft.com/entra/identity-platform/reply-url).
 */
export function redirectUriProblem(value: unknown): string | undefined {
  const problem = redirectUriText(value);
  return problem && render(problem);
}

/** redirectUriProblem as a message key of the connection's catalogue (the dialog shows it in the editor's language). */
export function redirectUriText(value: unknown): Keyed | undefined {
  let url: URL;
  try {
    url = new URL(String(value ?? ''));
  } catch {
    return keyed('signIn', 'redirectInvalid');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return keyed('signIn', 'redirectInsecure', { origin: url.origin });
  if (!url.pathname.endsWith(`/${CALLBACK_PATH}`) || url.search || url.hash)
    return keyed('signIn', 'redirectPath', { path: CALLBACK_PATH });
  return undefined;
}
