// URLs of this Node-RED's webhook endpoints as Graph reaches them (`webhookBaseUrl` + httpNodeRoot
// + path), and whether a subscription's notificationUrl belongs to them.

/** `https://nr.example.com/base` + `/red/` + `entra/x` → `https://nr.example.com/base/red/entra/x`. */
export function endpointUrl(webhookBaseUrl: string, httpNodeRoot: string | undefined, path: string): string {
  const base = webhookBaseUrl.replace(/\/+$/, '');
  const root = (httpNodeRoot || '/').replace(/^\/*/, '/').replace(/\/+$/, '');
  const p = path.replace(/^\/*/, '/');
  return `${base}${root}${p}`;
}

/**
 * True when `url` is `base` or below it on a path boundary: `https://a.example` matches
 * `https://a.example/hook` but not `https://a.example.evil/` nor `https://a.example:8443/`.
 */
export function isUnderBaseUrl(url: string, base: string): boolean {
  let u: URL;
  let b: URL;
  try {
    u = new URL(url);
    b = new URL(base);
  } catch {
    return false;
  }
  if (u.origin !== b.origin) return false;
  const basePath = b.pathname.replace(/\/+$/, '');
  return basePath === '' || u.pathname === basePath || u.pathname.startsWith(`${basePath}/`);
}
