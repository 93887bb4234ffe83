import type { BridgeConfig } from '../../../shared/config';
import { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { solusioTokenProvider } from '../solusioToken';
import type { BridgeTuning } from './tuning';

/** The SolusIO client, built when first needed (on AWS its token comes from Secrets Manager). */
export function solusioClientProvider(config: BridgeConfig, tuning: BridgeTuning = {}): () => Promise<SolusioClient> {
  const token = solusioTokenProvider(config);
  let client: Promise<SolusioClient> | undefined;
  return () => {
    client ??= token().then((solusioToken) => {
      if (!config.solusioUrl) throw new Error('SOLUSIO_URL is not set');
      return new SolusioClient({
        baseUrl: config.solusioUrl,
        token: solusioToken,
        ...(tuning.solusioRequestTimeoutMs === undefined ? {} : { requestTimeoutMs: tuning.solusioRequestTimeoutMs }),
      });
    });
    // A failed token read is retried by the next invocation, not cached.
    client.catch(() => (client = undefined));
    return client;
  };
}
