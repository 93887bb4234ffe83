import { createHash, randomBytes } from 'node:crypto';

/** Keys are stored only as their SHA-256: a table dump reveals no usable key. */
export function hashApiKey(rawKey: string): string {
  return createHash('sha256').update(rawKey, 'utf8').digest('hex');
}

/** A new random key; the caller shows it once and stores only its hash. */
export function generateApiKey(): string {
  return `sbb_${randomBytes(32).toString('base64url')}`;
}
