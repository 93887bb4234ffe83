import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApiGatewayEvent, localLambdaContext } from '../local/adapter/apiGatewayEvent';
import { buildHttpHandlers } from '../local/handlers';
import { buildDeps } from '../functions/lib/deps';
import { parseConfig } from '../shared/config';
import { startTestStack } from '../test/support/localStack';
import { measure, percentile } from './stats';

/**
 * `npm run bench [-- --quick]`: foundation benchmarks, ratios measured in one run (the machine is
 * shared and noisy, absolute numbers are not comparable between runs). Writes docs/benchmarks.md.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const requests = quick ? 300 : 2000;
  const stack = await startTestStack({ seed: 'empty', simPageSize: 100 });
  const lines: string[] = [];
  try {
    // 1. Local adapter overhead: GET /v1/health over HTTP vs the same handler called in-process.
    const deps = buildDeps(parseConfig({ TABLE_NAME: stack.tableName, DYNAMODB_ENDPOINT: stack.dynamoDbEndpoint }));
    const health = buildHttpHandlers(deps).health;
    const url = new URL(`${stack.apiUrl}/v1/health`);
    const event = buildApiGatewayEvent(
      { method: 'GET', path: '/v1/health', rawQueryString: '', headers: {}, body: '', sourceIp: '127.0.0.1', httpVersion: '1.1' },
      { routeKey: 'GET /v1/health', pathParameters: {} },
      Date.now(),
    );
    const context = localLambdaContext('health');
    await measure(50, 4, () => health(event, context));
    await measure(50, 4, () => fetch(url).then((r) => r.text()));
    // Alternate rounds so drift (JIT, DynamoDB Local warming up, other load) hits both sides alike.
    const direct: number[] = [];
    const viaHttp: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      direct.push(...(await measure(requests / 4, 4, () => health(event, context))));
      viaHttp.push(...(await measure(requests / 4, 4, () => fetch(url).then((r) => r.text()))));
    }
    deps.db.destroy();
    const directP50 = percentile(direct, 50);
    const httpP50 = percentile(viaHttp, 50);
    lines.push(`| health_direct_p50_ms | ${directP50.toFixed(2)} | handler called in-process, 4 in flight, ${requests} calls in 4 rounds alternating with HTTP |`);
    lines.push(`| health_http_p50_ms | ${httpP50.toFixed(2)} | same handler through the local HTTP adapter |`);
    lines.push(`| health_http_p99_ms | ${percentile(viaHttp, 99).toFixed(2)} | |`);
    lines.push(`| local_adapter_overhead_ratio | ${(httpP50 / directP50).toFixed(2)} | http p50 / direct p50 |`);

    // 2. Simulator paging: walk 1,000 servers in pages of 100, as a snapshot run will.
    const servers = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, name: `s${i + 1}.example.test`, plan: 1, user: 1 }));
    await fetch(`${stack.simulatorUrl}/_sim/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plans: [{ id: 1, tokens_per_hour: 7, tokens_per_month: 5000 }], users: [{ id: 1, email: 'a@example.test' }], servers }),
    });
    const walks = quick ? 5 : 20;
    const walkTimes = await measure(walks, 1, async () => {
      let next: string | null = `${stack.simulatorUrl}/api/v1/servers?page=1`;
      while (next) {
        const page = (await (await fetch(next, { headers: { authorization: 'Bearer bench' } })).json()) as { links: { next: string | null } };
        next = page.links.next;
      }
    });
    lines.push(`| sim_walk_1000_servers_p50_ms | ${percentile(walkTimes, 50).toFixed(1)} | 10 pages of 100, ${walks} walks |`);
  } finally {
    await stack.stop();
  }
  const report = [
    '# Benchmarks',
    '',
    `Run: \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} (2 cores, shared machine: compare ratios within one run).`,
    '',
    '| metric | value | how |',
    '| --- | --- | --- |',
    ...lines,
    '',
  ].join('\n');
  writeFileSync(join(__dirname, '..', 'docs', 'benchmarks.md'), report);
  console.log(report);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
