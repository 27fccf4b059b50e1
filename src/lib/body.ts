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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
