import { createHash } from 'node:crypto';
import { canonicalJson } from '../json';
import type { CreateServiceRequest } from './schemas';
import { DEFAULT_INSTALLATION } from './types';

/**
 * The create request without its secrets, hashed: a replay must carry the same. The installation
 * counts as resolved, left out for the default one (so hashes stored before installations match).
 */
export function createRequestHash(request: CreateServiceRequest, installation: string = DEFAULT_INSTALLATION): string {
  // The secrets are left out: a retry must match on what was ordered, and no hash of a password is kept.
  const comparable: Record<string, unknown> = {
    ...request,
    installation: installation === DEFAULT_INSTALLATION ? undefined : installation,
    password: undefined,
    sshKeys: undefined,
    userData: undefined,
  };
  return createHash('sha256').update(canonicalJson(comparable)).digest('hex');
}
