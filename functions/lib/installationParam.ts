import * as z from 'zod';
import { BadRequestError } from '../../shared/errors';
import { InstallationChoiceError, resolveInstallation } from '../../shared/installations';

/** `?installation=eu`: which SolusIO installation a server or run id belongs to (checked by `chooseInstallation`). */
export const installationParam = z.string().optional();

/**
 * The installation a request means (`resolveInstallation`); left out with several configured is
 * `400 installation_required`, one not configured `400 unknown_installation`.
 */
export function chooseInstallation(configured: readonly string[], named: string | undefined): string {
  try {
    return resolveInstallation(configured, named);
  } catch (error) {
    if (error instanceof InstallationChoiceError) throw new BadRequestError(error.message, error.code);
    throw error;
  }
}
