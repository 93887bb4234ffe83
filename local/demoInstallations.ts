/**
 * `npm run demo -- --installations 2`: the month replayed on two simulated SolusIO installations,
 * `eu` (the demo's usual fleet and events) and `us` (below), so one customer is billed across both.
 */

/** The installations of a demo run: `default` alone, or `eu` and `us`. */
export function demoInstallations(argv: readonly string[]): readonly string[] {
  const at = argv.indexOf('--installations');
  if (at < 0) return ['default'];
  const count = argv[at + 1];
  if (count === '1') return ['default'];
  if (count === '2') return ['eu', 'us'];
  throw new Error(`--installations ${count ?? ''}: the demo runs 1 or 2 installations`);
}

/**
 * The second installation's fleet: alice (billing 1001) has a server here too, so her one usage
 * entry has lines from both; erin is a customer of this installation only. Server ids repeat the
 * first installation's: a server is (installation, id).
 */
export const US_FIXTURES = {
  plans: [{ id: 1, name: 'VPS S', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 }],
  users: [
    { id: 1, email: 'alice@example.test', billing_user_id: 1001 },
    { id: 2, email: 'erin@example.test', billing_user_id: 1005 },
  ],
  servers: [
    { id: 1, name: 'web1.us.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z' },
    { id: 2, name: 'cache.us.example.test', plan: 1, user: 2, created_at: '2026-10-01T00:00:00Z' },
  ],
};

/** The us installation's own outage (hours since the month's start): its gap is its customers' alone. */
export const US_OUTAGE = { fromHour: (9 - 1) * 24 + 2, untilHour: (9 - 1) * 24 + 5, label: 'us SolusIO outage (3 hours; eu runs on)' };

/** A snapshot-servers answer: one run record, or one per installation when several ran. */
export type SnapshotAnswer = { complete: boolean } | { installations: { installation: string; complete?: boolean }[] };

/** How many of the installations' runs in an answer were not complete. */
export function partialRuns(answer: SnapshotAnswer): number {
  if ('installations' in answer) return answer.installations.filter((entry) => entry.complete !== true).length;
  return answer.complete ? 0 : 1;
}
