import { DEFAULT_INSTALLATION } from '../../../shared/installations';
import type { CoreDeps } from './core';

/** The configured installation ids; a stack without SolusIO configured has the one `default`. */
export function configuredInstallations(core: Pick<CoreDeps, 'config'>): string[] {
  const ids = core.config.installations.map((installation) => installation.id);
  return ids.length === 0 ? [DEFAULT_INSTALLATION] : ids;
}
