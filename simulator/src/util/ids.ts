import { createHash, randomUUID } from 'crypto';

/** A GUID-shaped id derived from a seed string: the same seed gives the same id on every run. */
export function seededGuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function newGuid(): string {
  return randomUUID();
}

export function isGuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

export function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** Graph's timestamps: ISO 8601 UTC without milliseconds, e.g. 2025-02-13T10:17:06Z. */
export function graphTime(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A GUID's 16 bytes in the order .NET's Guid.ToByteArray() writes them (the first three fields little-endian). */
function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, '');
  const le = (s: string) => Buffer.from(s, 'hex').reverse();
  return Buffer.concat([le(h.slice(0, 8)), le(h.slice(8, 12)), le(h.slice(12, 16)), Buffer.from(h.slice(16), 'hex')]);
}

/**
 * An appRoleAssignment id as Graph makes them: not a GUID but 43 base64url characters, the principal's
 * id bytes followed by 16 more (e.g. "UxOIjjUXr0WvIe4TRFgqTY4z9Wu5KxpBtlEpoTGjw-A" for principal
 * 8e881353-1735-45af-af21-ee1344582a4d in https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignments).
 */
export function appRoleAssignmentId(principalId: string, tail: string = randomUUID()): string {
  return Buffer.concat([guidBytes(principalId), guidBytes(tail)]).toString('base64url');
}
