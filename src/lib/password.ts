// Passwords generated for users (resetPassword with generatePassword). Entra ID requires 8–256
// characters with three of four classes (lower, upper, digits, symbols)
// (https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy#password-policies-that-only-apply-to-cloud-user-accounts);
// these have 20 characters and all four, drawn with a CSPRNG (crypto.randomInt, no modulo bias).
import { randomInt } from 'crypto';

// Look-alikes (0/O, 1/l/I) left out: the password may be read out to the user once.
const CLASSES = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#$%^&*-_=+?.'];
const ALL = CLASSES.join('');

export const GENERATED_PASSWORD_LENGTH = 20;

export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  const chars = CLASSES.map((c) => c[randomInt(c.length)]);
  while (chars.length < length) chars.push(ALL[randomInt(ALL.length)]);
  // Fisher–Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
