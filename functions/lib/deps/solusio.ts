import type { BridgeConfig } from '../../../shared/config';
import { resolveInstallation } from '../../../shared/installations';
import { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { installationTokenProvider, solusioTokenProvider } from '../solusioToken';
import type { BridgeTuning } from './tuning';

/** A SolusIO client built when first needed (on AWS its token comes from Secrets Manager). */
export type SolusioClientProvider = () => Promise<SolusioClient>;

/** Each configured installation's client provider, by installation id. */
export type SolusioClientsByInstallation = (installation: string) => SolusioClientProvider;

function lazyClient(token: () => Promise<string>, baseUrl: () => string, tuning: BridgeTuning): SolusioClientProvider {
  let client: Promise<SolusioClient> | undefined;
  return () => {
    client ??= token().then(
      (solusioToken) =>
        new SolusioClient({
          baseUrl: baseUrl(),
          token: solusioToken,
          ...(tuning.solusioRequestTimeoutMs === undefined ? {} : { requestTimeoutMs: tuning.solusioRequestTimeoutMs }),
        }),
    );
    // A failed token read is retried by the next invocation, not cached.
    client.catch(() => (client = undefined));
    return client;
  };
}

/** The SolusIO client of a single-installation stack (the only configured installation). */
export function solusioClientProvider(config: BridgeConfig, tuning: BridgeTuning = {}): SolusioClientProvider {
  const [only, ...others] = config.installations;
  if (only !== undefined && others.length === 0) return solusioClientsByInstallation(config, tuning)(only.id);
  if (others.length > 0) return () => Promise.reject(new Error('Several SolusIO installations are configured: name one'));
  return lazyClient(solusioTokenProvider(config), () => {
    throw new Error('SOLUSIO_URL is not set');
  }, tuning);
}

/**
 * One client provider per configured installation, built on first use and kept; an installation
 * that is not configured is refused (`InstallationChoiceError`, `unknown_installation`).
 */
export function solusioClientsByInstallation(config: BridgeConfig, tuning: BridgeTuning = {}): SolusioClientsByInstallation {
  const providers = new Map<string, SolusioClientProvider>();
  const ids = config.installations.map((installation) => installation.id);
  return (id) => {
    const installation = config.installations.find((candidate) => candidate.id === resolveInstallation(ids, id));
    if (installation === undefined) throw new Error(`No installation ${id}`);
    let provider = providers.get(installation.id);
    if (provider === undefined) {
      provider = lazyClient(installationTokenProvider(installation), () => installation.url, tuning);
      providers.set(installation.id, provider);
    }
    return provider;
  };
}
