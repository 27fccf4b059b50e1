// Request bodies from inputs: empty inputs are dropped (never sent as "" or null), then the
// user's additionalProperties are merged on top, one level deep for nested objects.

export function mergeAdditional(base: Record<string, unknown>, additional?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) out[key] = value;
  for (const [key, value] of Object.entries(additional ?? {})) {
    const existing = out[key];
    out[key] = isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value;
  }
  return out;
}

/**
 * A request body echoed back as msg.payload (Graph answered 204): write-only secrets the body
 * carried (a user's passwordProfile) stay out of the msg.
 */
export function echoWithoutSecrets(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!WRITE_ONLY_SECRETS.test(key)) out[key] = value;
  return out;
}

const WRITE_ONLY_SECRETS = /^(passwordProfile|password|passwordCredentials|keyCredentials|secretText)$/i;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
