import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { ApiKeyAdmin, ApiKeyNotFoundError, DynamoApiKeyRepository, newApiKeyInput } from '../shared/auth';
import { createDocumentClient } from '../shared/storage';
import { localDynamoDbEndpoint } from './localEnv';
import { LocalStartError } from './localStartError';

// As in local/start.ts: the SDK's Node 22 notice would only bury the command's output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const DEFAULT_TABLE = 'solus-billing-bridge-local';

const USAGE = `Usage: npm run keys -- <command> [options]

Commands:
  create --name <name> --scopes <scope,...>   store a new key and print it (shown this once)
  list                                        every key, without key material
  revoke <id>                                 revoke a key (it stops working within 30 s)

Scopes: provisioning, usage:read, periods:write, admin (admin implies every other).

Where:
  --endpoint <url>   a DynamoDB endpoint (default: the local stack's, as npm start finds it:
                     DYNAMODB_ENDPOINT, else http://127.0.0.1:$DYNAMODB_PORT, port 8000 when unset)
  --table <name>     the table (default ${DEFAULT_TABLE})
  --region <region>  without --endpoint: the table on AWS, with the environment's credentials
`;

class UsageError extends Error {}

/** `npm run keys`: API keys from the command line, locally or on AWS. Exit 0 done, 1 failed, 2 misused. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string' },
        endpoint: { type: 'string' },
        table: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const tableName = values.table ?? DEFAULT_TABLE;
  // AWS only when asked for by a region and no endpoint: a bare command never reaches an account.
  let endpoint: string | undefined;
  try {
    endpoint = values.endpoint ?? (values.region ? undefined : localDynamoDbEndpoint(process.env));
  } catch (error) {
    if (error instanceof LocalStartError) return usage(error.message);
    throw error;
  }
  const db = createDocumentClient({ ...(endpoint ? { endpoint } : {}), ...(values.region ? { region: values.region } : {}) });
  const admin = new ApiKeyAdmin(new DynamoApiKeyRepository(db, tableName));
  const where = endpoint ? `${tableName} at ${endpoint}` : `${tableName} in ${values.region ?? 'the default region'}`;
  try {
    switch (command) {
      case 'create': {
        if (rest.length > 0) throw new UsageError(`create takes no positional arguments (got "${rest.join(' ')}")`);
        const input = newApiKeyInput.safeParse({
          name: values.name,
          scopes: values.scopes?.split(',').map((scope) => scope.trim()).filter((scope) => scope !== ''),
        });
        if (!input.success) {
          const issue = input.error.issues[0];
          throw new UsageError(`--${String(issue?.path[0] ?? 'name')}: ${issue?.message ?? 'invalid'}`);
        }
        const created = await admin.create(input.data, new Date().toISOString());
        print(created);
        process.stderr.write(`Stored in ${where}. The key is shown this once: keep it now.\n`);
        return 0;
      }
      case 'list': {
        if (rest.length > 0) throw new UsageError('list takes no arguments');
        print({ keys: await admin.list() });
        return 0;
      }
      case 'revoke': {
        if (rest.length !== 1 || !rest[0]) throw new UsageError('revoke takes one key id (see list)');
        print(await admin.revoke(rest[0], new Date().toISOString()));
        return 0;
      }
      default:
        throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof ApiKeyNotFoundError) return fail(error.message);
    if (error instanceof ResourceNotFoundException) return fail(`No table ${where} (start the local stack, or pass --table/--endpoint/--region).`);
    if (endpoint && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
      return fail(`No DynamoDB answers at ${endpoint}: start the local stack (npm start), or pass --endpoint, or --region for AWS.`);
    }
    return fail(`Failed on ${where}: ${(error as Error).message}`);
  } finally {
    db.destroy();
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
