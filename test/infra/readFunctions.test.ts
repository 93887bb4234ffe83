import { HTTP_FUNCTIONS, httpRoutes } from '../../functions/catalog';
import { actionsOfRole, logicalIdOf, roleOf, statementsOfRole, synthBridge, type Resource } from './support/synthBridge';

/** What a role may do on the table and still be read-only (CDK's grantReadData). */
const TABLE_READS = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:Query', 'dynamodb:Scan'];

/** The functions that answer GET usage, periods and invoices, and the operator reads (issue #26): the read side. */
const READ_FUNCTIONS = ['usage', 'periods', 'runs', 'serviceList', 'keySelf'] as const;

describe('the usage, period and operator reads: read-only functions', () => {
  let resources: Readonly<Record<string, Resource>>;
  let roleIds: Record<(typeof READ_FUNCTIONS)[number], string>;

  beforeAll(() => {
    const synthesized = synthBridge();
    resources = synthesized.resources;
    roleIds = Object.fromEntries(READ_FUNCTIONS.map((name) => [name, roleOf(resources, logicalIdOf(synthesized.stack, synthesized.stack.api.functions[name].function))])) as typeof roleIds;
  });

  it('serve every GET of usage, periods and invoices, the run and service listings and the caller\'s key, and nothing else', () => {
    const served = httpRoutes().filter((route) => (READ_FUNCTIONS as readonly string[]).includes(route.functionName)).map((route) => route.routeKey);
    expect(served.sort()).toEqual(['GET /v1/keys/self', 'GET /v1/periods', 'GET /v1/periods/{period}', 'GET /v1/periods/{period}/invoices', 'GET /v1/runs', 'GET /v1/services', 'GET /v1/usage']);
    for (const name of READ_FUNCTIONS) expect(HTTP_FUNCTIONS[name]).toMatchObject({ table: 'read', publishesEvents: false, solusio: false });
  });

  it.each(READ_FUNCTIONS)('%s may only read the table: no put, update, delete, batch write or transaction', (name) => {
    const actions = actionsOfRole(resources, roleIds[name]);
    const table = actions.filter((action) => action.startsWith('dynamodb:'));
    expect(table).toContain('dynamodb:Query');
    expect(table.filter((action) => !TABLE_READS.includes(action))).toEqual([]);
    expect(actions.filter((action) => /PutItem|UpdateItem|DeleteItem|BatchWrite|TransactWrite|PartiQL/.test(action))).toEqual([]);
  });

  it.each(READ_FUNCTIONS)('%s has no EventBridge, SQS or secrets permission', (name) => {
    const actions = actionsOfRole(resources, roleIds[name]);
    expect(actions.filter((action) => /^(events|sqs|secretsmanager|kms):/.test(action))).toEqual([]);
    expect(actions.filter((action) => !/^(dynamodb|logs|xray):/.test(action))).toEqual([]);
    expect(statementsOfRole(resources, roleIds[name]).every((statement) => statement.Effect === 'Allow')).toBe(true);
  });
});
