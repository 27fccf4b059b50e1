// How entra-user's inputs become Graph's user properties.
import { inputError } from '../../lib/errors';
import type { InputSpec } from '../../lib/inputs';
import { userError } from './user-errors';

/** `name` + `domain` → `name@domain`; a value that already holds "@" is taken whole. */
export function principalName(name: string, domain?: string): string {
  if (name.includes('@')) return name;
  const d = (domain ?? '').replace(/^@/, '').trim();
  if (!d) throw inputError('domain', userError('domainRequired', { name }));
  return `${name}@${d}`;
}

/** The user an operation acts on: every operation on one user takes it. */
export const USER_ID: InputSpec = {
  kind: 'string',
  required: true,
  label: 'User id',
  placeholder: 'id or userPrincipalName',
  help: 'The object id or the user principal name of the user.',
};
