import { resolveInstallation } from './resolveInstallation';

/** Builds an installation's parts once, on first use; an unconfigured id is refused (`unknown_installation`). */
export function perInstallation<T>(ids: readonly string[], build: (installation: string) => T): (installation: string) => T {
  const built = new Map<string, T>();
  return (named) => {
    const installation = resolveInstallation(ids, named);
    let parts = built.get(installation);
    if (parts === undefined) {
      parts = build(installation);
      built.set(installation, parts);
    }
    return parts;
  };
}
