/** Why an installation named by a request (or left out) cannot be used. */
export class InstallationChoiceError extends Error {
  constructor(
    readonly code: 'installation_required' | 'unknown_installation',
    message: string,
  ) {
    super(message);
    this.name = 'InstallationChoiceError';
  }
}

/**
 * The installation a request means: the one it names (it must be configured), or, when it names
 * none, the only one configured. With several and none named the request is ambiguous: a server or
 * location id repeats across installations (`400 installation_required`).
 */
export function resolveInstallation(configured: readonly string[], named: string | undefined): string {
  if (named !== undefined) {
    if (!configured.includes(named)) throw new InstallationChoiceError('unknown_installation', `No SolusIO installation "${named}" is configured (configured: ${configured.join(', ') || 'none'})`);
    return named;
  }
  const [only, ...others] = configured;
  if (only === undefined) throw new InstallationChoiceError('unknown_installation', 'No SolusIO installation is configured');
  if (others.length > 0) throw new InstallationChoiceError('installation_required', `Several SolusIO installations are configured (${configured.join(', ')}): name one with installation`);
  return only;
}
