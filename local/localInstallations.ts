import { DEFAULT_INSTALLATION, INSTALLATION_ID_MESSAGE, isInstallationId } from '../shared/installations';
import { ENV } from '../shared/config';
import { LocalStartError } from './localStartError';
import { startSimulator, type RunningSimulator } from './simulator';

/** One installation of the local stack: its id, its SolusIO base URL and the simulator serving it (if started here). */
export interface LocalInstallation {
  readonly id: string;
  /** Without `/api/v1`: where its simulator's `/_sim` controls are. */
  readonly url: string;
  readonly simulator?: RunningSimulator;
}

/**
 * The user-facing `SOLUSIO_INSTALLATIONS` of `npm start`: a comma list of installation ids
 * (`eu,us`), default `default`. The handlers get the JSON list (installationEnv).
 */
export function parseInstallationIds(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [DEFAULT_INSTALLATION];
  const ids = text.split(',').map((id) => id.trim());
  const problems = [
    ...ids.filter((id) => !isInstallationId(id)).map((id) => `"${id}" is not ${INSTALLATION_ID_MESSAGE}`),
    ...ids.filter((id, index) => isInstallationId(id) && ids.indexOf(id) !== index).map((id) => `"${id}" is given twice`),
  ];
  if (problems.length > 0) throw new LocalStartError(`Invalid environment: SOLUSIO_INSTALLATIONS: ${problems.join('; ')}`);
  return ids;
}

/** Only the default installation: the stack runs exactly as before installations existed. */
export function isSingleDefault(ids: readonly string[]): boolean {
  return ids.length === 1 && ids[0] === DEFAULT_INSTALLATION;
}

/** SOLUSIO_URL names one running SolusIO; it cannot stand for several installations. */
export function refuseUrlWithInstallations(solusioUrl: string | undefined, ids: readonly string[]): void {
  if (solusioUrl !== undefined && !isSingleDefault(ids)) {
    throw new LocalStartError(`SOLUSIO_URL names one SolusIO and cannot serve SOLUSIO_INSTALLATIONS=${ids.join(',')}: unset one of them.`);
  }
}

/**
 * One simulator per installation, on consecutive ports from `simPort` (0: any free port each),
 * each with its own clock, store, `/_sim` controls and seed. `stop` is called for each one started.
 */
export async function startInstallationSimulators(
  ids: readonly string[],
  simPort: number,
  options: { readonly pageSize: number; readonly token: string | undefined; readonly seed: 'demo' | 'empty' },
  onStarted: (simulator: RunningSimulator) => void,
  listenError: (error: unknown, port: number) => Error,
): Promise<LocalInstallation[]> {
  const installations: LocalInstallation[] = [];
  for (const [index, id] of ids.entries()) {
    const port = simPort === 0 ? 0 : simPort + index;
    const simulator = await startSimulator(port, options).catch((error: unknown) => {
      throw listenError(error, port);
    });
    onStarted(simulator);
    installations.push({ id, url: simulator.url, simulator });
  }
  return installations;
}

/**
 * The handlers' SolusIO variables: today's `SOLUSIO_URL`/`SOLUSIO_TOKEN` for the default
 * installation alone, else `SOLUSIO_INSTALLATIONS` as the JSON list with each simulator's URL and token.
 */
export function installationEnv(installations: readonly LocalInstallation[], token: string): Record<string, string> {
  const [only] = installations;
  if (only !== undefined && isSingleDefault(installations.map((installation) => installation.id))) {
    return { [ENV.solusioUrl]: `${only.url}/api/v1`, [ENV.solusioToken]: token };
  }
  return { [ENV.solusioInstallations]: JSON.stringify(installations.map((installation) => ({ id: installation.id, url: `${installation.url}/api/v1`, token }))) };
}
