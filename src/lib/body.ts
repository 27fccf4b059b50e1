// Request bodies from inputs: empty inputs are dropped (never sent as "" or null), then the
// user's additionalProperties are merged on top, one level deep for nested objects.
import type * as MicrosoftGraph from '@microsoft/microsoft-graph-types';

export type { MicrosoftGraph };

/**
 * A request body written against Microsoft's v1.0 type T (`@microsoft/microsoft-graph-types`, the
 * types Graph's own SDKs use): a property T does not have, or a value of the wrong type, is a compile
 * error. Inputs left empty are `undefined` (dropped by mergeAdditional). Only the body the operation
 * builds is checked: additionalProperties are the user's, sent as given.
 *
 *   graphBody<MicrosoftGraph.Group>({ displayName: v.displayName, mailNickname: v.mailNickname })
 */
export function graphBody<T>(body: { [K in keyof T]?: T[K] | undefined }): Record<string, unknown> {
  return body as Record<string, unknown>;
}

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
