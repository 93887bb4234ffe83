/**
 * A SolusIO installation's id: a short slug that names it in store keys, usage lines, alarms and
 * the API (`?installation=eu`). A stack configured with the single `solusioUrl` form has one
 * installation, `default`, and every item written before installations existed reads as it.
 */
export const DEFAULT_INSTALLATION = 'default';

/** Lower-case letter first, then letters, digits or `-`; at most 20 characters. */
export const INSTALLATION_ID_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
export const INSTALLATION_ID_MESSAGE = 'a short slug: a lower-case letter, then lower-case letters, digits or -, at most 20 characters (e.g. eu, us-east)';

export function isInstallationId(value: string): boolean {
  return INSTALLATION_ID_PATTERN.test(value);
}

/**
 * The name of an installation-scoped store partition or run kind: unchanged for the default
 * installation (so data written before installations existed is its data, with no migration),
 * `<name>@<installation>` for any other (`RUN#servers@eu`, `MONTH@eu#2026-11#03`).
 */
export function scopedName(name: string, installation: string): string {
  return installation === DEFAULT_INSTALLATION ? name : `${name}@${installation}`;
}

/**
 * Whether snapshot metrics are published per installation (dimension `Installation`, which the
 * per-installation alarms watch): for any stack but the single `default` installation, whose
 * metrics and alarms stay as they were before installations.
 */
export function publishesPerInstallation(installationIds: readonly string[]): boolean {
  return installationIds.length > 1 || (installationIds[0] !== undefined && installationIds[0] !== DEFAULT_INSTALLATION);
}
