import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let attached = 0;

export interface InjectedFaults {
  /** How many requests the rule failed so far. */
  injected(): number;
  detach(): void;
}

/**
 * Fails the DynamoDB requests of `client` that `matches` picks (its low-level command name and
 * input, as JSON text so marshalled and document inputs both match), `times` times, with a
 * throttling error, as DynamoDB would after the SDK's own retries. Added at the build step, like
 * shared/storage/requestCounter.ts: one failure per send().
 */
export function failDynamoWrites(
  client: DynamoDBDocumentClient | DynamoDBClient,
  matches: (command: string, inputJson: string) => boolean,
  times: number,
): InjectedFaults {
  const name = `reliabilityFault${(attached += 1)}`;
  const stack: DynamoDBClient['middlewareStack'] = client.middlewareStack;
  let count = 0;
  stack.add(
    (next, context) => async (args) => {
      if (count < times && matches(context.commandName ?? 'unknown', JSON.stringify(args.input))) {
        count += 1;
        throw new ProvisionedThroughputExceededException({ message: 'Injected throttling (reliability test)', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: 'build', name },
  );
  return { injected: () => count, detach: () => void stack.remove(name) };
}
