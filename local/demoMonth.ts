import type { LocalStack, LocalStackOptions } from './stack';
import { partialRuns, US_FIXTURES, US_OUTAGE, type SnapshotAnswer } from './demoInstallations';

/**
 * The demo month: November 2026 replayed on a local stack, one snapshot run an hour, with the
 * events below (a new server, a resize, a suspension, backups toggled, an owner change, a server
 * made and gone between runs, a SolusIO outage, a deletion). `npm run demo` prints it; the
 * console's browser tests read it.
 */

export const DEMO_MONTH = '2026-11';
export const DEMO_MONTH_START = Date.UTC(2026, 10, 1);
export const DEMO_HOURS = 30 * 24;
const HOUR = 3_600_000;
/** Hourly runs here instead of every 5 minutes: the gap tolerance follows (clarifications.md "Demo"). */
export const DEMO_GAP_TOLERANCE_MINUTES = 90;
/** When the demo closes the month: two hours into December. */
export const DEMO_CLOSE_TIME = '2026-12-01T02:00:00Z';

/** The stack settings the demo month needs (on top of ports, installations and the billing system). */
export const DEMO_STACK_SETTINGS = {
  schedules: false,
  seed: 'empty',
  simPageSize: 3,
  billingStart: `${DEMO_MONTH}-01T00:00:00Z`,
  gapToleranceMinutes: String(DEMO_GAP_TOLERANCE_MINUTES),
} as const satisfies Partial<LocalStackOptions>;

export const DEMO_FIXTURES = {
  plans: [
    { id: 1, name: 'VPS S', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 },
    { id: 2, name: 'VPS L', tokens_per_hour: 14, tokens_per_month: 9000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 12.5 },
  ],
  users: [
    { id: 1, email: 'alice@example.test', billing_user_id: 1001 },
    { id: 2, email: 'bob@example.test', billing_user_id: 1002 },
    { id: 3, email: 'carol@example.test', billing_user_id: 1003 },
  ],
  servers: [
    { id: 1, name: 'web1.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z', backup_settings: { enabled: true } },
    { id: 2, name: 'db1.example.test', plan: 2, user: 1, created_at: '2026-10-01T00:00:00Z' },
    { id: 3, name: 'mail.example.test', plan: 1, user: 2, created_at: '2026-10-15T00:00:00Z' },
    { id: 4, name: 'shop.example.test', plan: 1, user: 2, created_at: '2026-10-20T00:00:00Z' },
    { id: 5, name: 'dev.example.test', plan: 1, user: 3, created_at: '2026-10-25T00:00:00Z' },
  ],
};

interface DemoCalls {
  api(method: string, path: string, body?: unknown): Promise<unknown>;
  sim(method: string, path: string, body?: unknown): Promise<unknown>;
  /** The same control sent to every installation's simulator (their clocks move together). */
  simAll(method: string, path: string, body?: unknown): Promise<unknown>;
  invoke(name: string, body: unknown): Promise<unknown>;
}

/** One JSON call; a non-2xx answer throws with its body. */
export async function callJson(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** What happens during the month, by hour since the month's start. */
function scenario(demo: DemoCalls): Map<number, { label: string; act: () => Promise<unknown> }> {
  const at = (day: number, hour: number): number => (day - 1) * 24 + hour;
  return new Map([
    [at(3, 10), { label: 'new server api1 for bob', act: () => demo.api('POST', 'servers', { name: 'api1.example.test', plan: 1, location: 1, os: 1, user: 2 }) }],
    [at(5, 9), { label: 'mail resized to VPS L', act: () => demo.api('POST', 'servers/3/resize', { plan_id: 2 }) }],
    [at(8, 0), { label: 'shop suspended', act: () => demo.api('POST', 'servers/4/suspend') }],
    [at(10, 0), { label: 'shop resumed', act: () => demo.api('POST', 'servers/4/resume') }],
    [at(12, 14), { label: 'backups on for db1', act: () => demo.api('PATCH', 'servers/2', { backup_settings: { enabled: true } }) }],
    [at(14, 8), { label: 'additional IP for web1', act: () => demo.api('POST', 'servers/1/ips', {}) }],
    [at(16, 12), { label: 'dev moved from carol to bob', act: () => demo.sim('PATCH', '_sim/servers/5', { user: 2 }) }],
    [
      at(18, 15),
      {
        label: 'a server made outside the bridge lives 4 minutes',
        act: async () => {
          const created = (await demo.api('POST', 'servers', { name: 'tmp.example.test', plan: 1, location: 1, os: 1, user: 3 })) as { data: { id: number } };
          await demo.sim('PUT', '_sim/clock', { now: iso(DEMO_MONTH_START + at(18, 15) * HOUR + 4 * 60_000) });
          return demo.api('DELETE', `servers/${created.data.id}`);
        },
      },
    ],
    [at(20, 3), { label: 'SolusIO falters: page 2 of the servers fails', act: () => demo.sim('POST', '_sim/faults', { rules: [{ method: 'GET', path: '/api/v1/servers', page: 2, status: 500 }] }) }],
    [at(20, 4), { label: 'SolusIO outage: every server list fails', act: () => demo.sim('POST', '_sim/faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 503 }] }) }],
    [at(20, 6), { label: 'SolusIO back', act: () => demo.sim('DELETE', '_sim/faults') }],
    [at(22, 17), { label: 'backups off for web1', act: () => demo.api('PATCH', 'servers/1', { backup_settings: { enabled: false } }) }],
    [at(25, 11), { label: 'shop deleted', act: () => demo.api('DELETE', 'servers/4') }],
  ]);
}

export interface DemoMonthProgress {
  (hour: number, hours: number, note: string): void;
}

/**
 * Replays the month on a started stack (its simulators reset to the demo's fleet), one
 * snapshot-servers run an hour at five past and an aggregation each day, ending at December 1st
 * 00:05. Does not close the period. Answers how many runs were partial.
 */
export async function replayDemoMonth(stack: LocalStack, onProgress: DemoMonthProgress = () => undefined): Promise<{ partialRuns: number }> {
  const several = stack.installations.length > 1;
  const sim = stack.simulatorUrl;
  const demo: DemoCalls = {
    api: (method, path, body) => callJson(`${sim}/api/v1/${path}`, method, body ?? {}, { authorization: 'Bearer demo' }),
    sim: (method, path, body) => callJson(`${sim}/${path}`, method, body),
    simAll: async (method, path, body) => {
      for (const installation of stack.installations) await callJson(`${installation.url}/${path}`, method, body);
      return null;
    },
    invoke: (name, body) => callJson(`${stack.apiUrl}/_local/invoke/${name}`, 'POST', body),
  };
  await demo.sim('POST', '_sim/reset', DEMO_FIXTURES);
  const us = stack.installations[1];
  const usSim = (method: string, path: string, body?: unknown) => callJson(`${us?.url ?? ''}/${path}`, method, body);
  if (several) await usSim('POST', '_sim/reset', US_FIXTURES);
  const events = scenario(demo);
  if (several) {
    // Only us goes down here, so the gap flags show whose installation it was.
    for (const [hour, event] of events) if (event.label.startsWith('SolusIO ')) events.delete(hour);
    events.set(US_OUTAGE.fromHour, { label: US_OUTAGE.label, act: () => usSim('POST', '_sim/faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 503 }] }) });
    events.set(US_OUTAGE.untilHour, { label: 'us SolusIO back', act: () => usSim('DELETE', '_sim/faults') });
  }
  let note = 'replaying November 2026, one snapshot run an hour';
  let partial = 0;
  for (let hour = 0; hour <= DEMO_HOURS; hour += 1) {
    const now = iso(DEMO_MONTH_START + hour * HOUR);
    const event = events.get(hour);
    await demo.simAll('PUT', '_sim/clock', { now });
    if (event) {
      await event.act();
      note = `day ${Math.floor(hour / 24) + 1}: ${event.label}`;
    }
    // The run comes a few minutes after the change, as a schedule would.
    const runAt = iso(DEMO_MONTH_START + hour * HOUR + 5 * 60_000);
    await demo.simAll('PUT', '_sim/clock', { now: runAt });
    // Without `installation`: one invocation runs every installation (the local scheduler's way).
    partial += partialRuns((await demo.invoke('snapshot-servers', { time: runAt })) as SnapshotAnswer);
    if (hour % 24 === 23) await demo.invoke('aggregate-usage', { time: runAt });
    onProgress(hour, DEMO_HOURS, note);
  }
  return { partialRuns: partial };
}

/** The month replayed, closed at DEMO_CLOSE_TIME, and its push into the billing system finished. */
export async function seedDemoMonth(stack: LocalStack, onProgress?: DemoMonthProgress): Promise<{ partialRuns: number; close: unknown }> {
  const replayed = await replayDemoMonth(stack, onProgress);
  const close = await callJson(`${stack.apiUrl}/_local/invoke/close-period`, 'POST', { time: DEMO_CLOSE_TIME });
  await stack.deliveriesSettled();
  return { ...replayed, close };
}
