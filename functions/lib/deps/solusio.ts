import type { BridgeConfig } from '../../../shared/config';
import { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { solusioTokenProvider } from '../solusioToken';

/** The SolusIO client, built when first needed (on AWS its token comes from Secrets Manager). */
export function solusioClientProvider(config: BridgeConfig): () => Promise<SolusioClient> {
  const token = solusioTokenProvider(config);
  let client: Promise<SolusioClient> | undefined;
  return () => {
    client ??= token().then((solusioToken) => {
      if (!config.solusioUrl) throw new Error('SOLUSIO_URL is not set');
      return new SolusioClient({ baseUrl: config.solusioUrl, token: solusioToken });
    });
    // A failed token read is retried by the next invocation, not cached.
    client.catch(() => (client = undefined));
    return client;
  };
}
