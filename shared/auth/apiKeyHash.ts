import { createHash, randomBytes } from 'node:crypto';

/** Every generated key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'sbb_';

/** Keys are stored only as their SHA-256: a table dump reveals no usable key. */
export function hashApiKey(rawKey: string): string {
  return createHash('sha256').update(rawKey, 'utf8').digest('hex');
}

/** A new random key; the caller shows it once and stores only its hash. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The shape of every key id (what generateApiKeyId makes). */
export const API_KEY_ID_PATTERN = /^key_[A-Za-z0-9_-]{16}$/;

/** A key's public id (`key_` and 16 random characters): what listing and revocation name it by. */
export function generateApiKeyId(): string {
  return `key_${randomBytes(12).toString('base64url')}`;
}

/**
 * The part of a key a human may see to tell keys apart: `sbb_` and the 8 characters after it (48
 * bits of a 256-bit key). A key of another shape (a chosen local admin key) shows its first 8.
 */
export function apiKeyPrefix(rawKey: string): string {
  return rawKey.startsWith(API_KEY_PREFIX) ? rawKey.slice(0, API_KEY_PREFIX.length + 8) : rawKey.slice(0, 8);
}
