// Secrets never reach the log: request debugging goes through these before printing.
import { t } from './i18n';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-ms-client-secret',
  'x-api-key',
  'api-key',
  'apikey',
  'ocp-apim-subscription-key',
]);
const SECRET_KEYS =
  /^(password|newpassword|currentpassword|pwd|passwd|client_secret|clientsecret|secret|secrettext|access_token|refresh_token|id_token|client_assertion|assertion|code|code_verifier|device_code|token|clientstate|key|privatekey|certificate|temporaryaccesspass|credential|credentials|apikey|api_key|api-key|x-api-key)$/i;
const SECRET_QUERY =
  /^(code|client_secret|access_token|refresh_token|validationtoken|sig|signature|apikey|api_key|api-key|x-api-key|key|pwd|password|token|credential)$/i;
/** In an error object (`{"error":{"code":…}}`) `code` is Graph's error code, not an authorization code. */
const ERROR_PARENTS = /^(error|innererror|details)$/i;
export const REDACTED = '[redacted]';
/** Longest URL, header block or body printed in a debug line. */
export const LOG_MAX_CHARS = 4000;

/** Cuts text for a log line, saying how long it was. */
export function clip(text: string, max = LOG_MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}${t('log.clipped', { length: text.length })}` : text;
}

export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? (name.toLowerCase() === 'authorization' ? 'Bearer [redacted]' : REDACTED) : value;
  }
  return out;
}

export function redactBody(body: unknown, depth = 0, parent = ''): unknown {
  if (depth > 20 || body === null || body === undefined) return body;
  if (Buffer.isBuffer(body)) return t('log.bytes', { bytes: body.length });
  if (Array.isArray(body)) return body.map((item) => redactBody(item, depth + 1, parent));
  if (typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const errorCode = key === 'code' && ERROR_PARENTS.test(parent) && typeof value === 'string';
      out[key] =
        SECRET_KEYS.test(key) && !errorCode && value !== null && value !== undefined ? REDACTED : redactBody(value, depth + 1, key);
    }
    return out;
  }
  if (typeof body === 'string') return redactFormString(body);
  return body;
}

/** A form-encoded body or query string with secret values hidden. */
function redactFormString(text: string): string {
  if (!/^[\w.%+-]+=[^&]*(&[\w.%+-]+=[^&]*)*$/.test(text)) return text;
  return text
    .split('&')
    .map((pair) => {
      const [key] = pair.split('=');
      return SECRET_KEYS.test(decodeURIComponent(key)) ? `${key}=${REDACTED}` : pair;
    })
    .join('&');
}

/** The URL with secret query values hidden, cut to a log-sized length. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY.test(key)) parsed.searchParams.set(key, REDACTED);
    }
    return clip(parsed.href);
  } catch {
    return clip(url);
  }
}

/** Hides anything that looks like a JWT or a bearer token in free text (e.g. an error message). */
export function redactText(text: string): string {
  return text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]');
}
