import type { BridgeConfig } from '../../../shared/config';
import { perInstallation } from '../../../shared/installations';
import { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { installationTokenProvider } from '../solusioToken';
import type { BridgeTuning } from './tuning';

/** A SolusIO client built when first needed (on AWS its token comes from Secrets Manager). */
export type SolusioClientProvider = () => Promise<SolusioClient>;

/** Each configured installation's client provider, by installation id. */
export type SolusioClientsByInstallation = (installation: string) => SolusioClientProvider;

function lazyClient(token: () => Promise<string>, baseUrl: string, tuning: BridgeTuning): SolusioClientProvider {
  let client: Promise<SolusioClient> | undefined;
  return () => {
    client ??= token().then(
      (solusioToken) =>
        new SolusioClient({
          baseUrl,
          token: solusioToken,
          ...(tuning.solusioRequestTimeoutMs === undefined ? {} : { requestTimeoutMs: tuning.solusioRequestTimeoutMs }),
        }),
    );
    // A failed token read is retried by the next invocation, not cached.
    client.catch(() => (client = undefined));
    return client;
  };
}

/**
 * One client provider per configured installation, built on first use and kept; an installation
 * that is not configured is refused (`InstallationChoiceError`, `unknown_installation`).
 */
export function solusioClientsByInstallation(config: BridgeConfig, tuning: BridgeTuning = {}): SolusioClientsByInstallation {
  const byId = new Map(config.installations.map((installation) => [installation.id, installation]));
  return perInstallation([...byId.keys()], (id) => {
    const installation = byId.get(id);
    if (installation === undefined) throw new Error(`No installation ${id}`);
    return lazyClient(installationTokenProvider(installation), installation.url, tuning);
  });
}
