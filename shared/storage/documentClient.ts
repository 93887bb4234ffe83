import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** A local DynamoDB endpoint; unset on AWS. */
  readonly endpoint?: string;
  /** On AWS: the region (default: the SDK's, from the environment). Ignored with an endpoint. */
  readonly region?: string;
}

/**
 * One document client per process. Locally it talks to DynamoDB Local with fixed dummy credentials
 * and region (it needs some, and `-sharedDb` makes every credential see the same tables).
 */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const client = options.endpoint
    ? new DynamoDBClient({
        endpoint: options.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 5,
      })
    : new DynamoDBClient({ maxAttempts: 5, ...(options.region ? { region: options.region } : {}) });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
