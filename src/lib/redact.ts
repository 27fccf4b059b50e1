// Secrets never reach the log: request debugging goes through these before printing.

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ms-client-secret']);
const SECRET_KEYS = /^(password|newpassword|currentpassword|client_secret|clientsecret|secret|secrettext|access_token|refresh_token|id_token|client_assertion|assertion|code|code_verifier|device_code|token|clientstate|key|privatekey|certificate|temporaryaccesspass)$/i;
const SECRET_QUERY = /^(code|client_secret|access_token|refresh_token|validationtoken|sig|signature)$/i;
export const REDACTED = '[redacted]';

export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? (name.toLowerCase() === 'authorization' ? 'Bearer [redacted]' : REDACTED) : value;
  }
  return out;
}

export function redactBody(body: unknown, depth = 0): unknown {
  if (depth > 20 || body === null || body === undefined) return body;
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
  if (Array.isArray(body)) return body.map((item) => redactBody(item, depth + 1));
  if (typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      out[key] = SECRET_KEYS.test(key) && value !== null && value !== undefined ? REDACTED : redactBody(value, depth + 1);
    }
    return out;
  }
  if (typeof body === 'string') return redactFormString(body);
  return body;
}

/** A form-encoded body or query string with secret values hidden. */
function redactFormString(text: string): string {
  if (!/^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$/.test(text)) return text;
  return text.split('&').map((pair) => {
    const [key] = pair.split('=');
    return SECRET_KEYS.test(decodeURIComponent(key)) ? `${key}=${REDACTED}` : pair;
  }).join('&');
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY.test(key)) parsed.searchParams.set(key, REDACTED);
    }
    return parsed.href;
  } catch {
    return url;
  }
}

/** Hides anything that looks like a JWT or a bearer token in free text (e.g. an error message). */
export function redactText(text: string): string {
  return text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]');
}
