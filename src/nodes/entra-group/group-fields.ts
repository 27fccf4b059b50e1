// How entra-group's inputs become Graph's group properties and member references.
import { inputError } from '../../lib/errors';
import type { Values } from '../../lib/inputs';
import { groupError } from './group-errors';

/**
 * create's groupTypes: as given (an array or comma-separated text), else ["Unified"] (a Microsoft
 * 365 group, the contract's default) — except when mailEnabled is false: a group that is not
 * mail-enabled cannot be Unified, so the user means a security group ([]).
 */
export function createGroupTypes(v: Values): string[] {
  if (v.groupTypes !== undefined) return groupTypes(v.groupTypes);
  return v.mailEnabled === false ? [] : ['Unified'];
}

export function groupTypes(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string')) throw inputError('groupTypes', groupError('groupTypes'));
  return value.map((t) => t.trim()).filter(Boolean);
}

// Member references are shared with owners (groups and applications): they live in src/lib.
export { memberIdOf, memberRef, memberRefs } from '../../lib/directory-refs';
export type { MemberRef } from '../../lib/directory-refs';
