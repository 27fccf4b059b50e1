// How entra-user's inputs become Graph's user properties.
import { inputError } from '../../lib/errors';

/** `name` + `domain` → `name@domain`; a value that already holds "@" is taken whole. */
export function principalName(name: string, domain?: string): string {
  if (name.includes('@')) return name;
  const d = (domain ?? '').replace(/^@/, '').trim();
  if (!d) throw inputError('domain', `is required when userPrincipalName ("${name}") has no @domain`);
  return `${name}@${d}`;
}
