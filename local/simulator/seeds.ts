import { buildState } from './fixtures';
import type { FixtureSet } from './fixtureSchemas';
import type { SeedName, SimState } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The demo data: three users (carol has no billing_user_id), three plans (Hourly has no monthly
 * cap, Medium a fractional backup price) and five servers in mixed states, created at times
 * relative to the simulated clock when seeded.
 */
export function demoFixtures(now: Date): FixtureSet {
  const base = Math.floor(now.getTime() / 60_000) * 60_000;
  const ago = (ms: number): string => new Date(base - ms).toISOString();
  return {
    plans: [
      { id: 1, name: 'VPS Small', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10, is_default: true, params: { disk: 20, ram: 1_073_741_824, vcpu: 1 } },
      { id: 2, name: 'VPS Medium', tokens_per_hour: 14, tokens_per_month: 10000, ip_tokens_per_hour: 2, ip_tokens_per_month: 1000, backup_price: 12.5, params: { disk: 40, ram: 2_147_483_648, vcpu: 2 } },
      { id: 3, name: 'Hourly Burst', tokens_per_hour: 3, tokens_per_month: 0, ip_tokens_per_hour: 1, ip_tokens_per_month: 0, backup_price: 10, params: { disk: 10, ram: 536_870_912, vcpu: 1 } },
    ],
    users: [
      { id: 1, email: 'alice@example.test', billing_user_id: 1001, created_at: ago(90 * DAY) },
      { id: 2, email: 'bob@example.test', billing_user_id: 1002, created_at: ago(60 * DAY) },
      { id: 3, email: 'carol@example.test', billing_user_id: null, created_at: ago(30 * DAY) },
    ],
    servers: [
      { id: 1, name: 'web1.alice.example.test', plan: 1, user: 1, backup_settings: { enabled: true }, additional_ip_count: 1, created_at: ago(40 * DAY) },
      { id: 2, name: 'db1.alice.example.test', plan: 2, user: 1, status: 'stopped', created_at: ago(20 * DAY) },
      { id: 3, name: 'app1.bob.example.test', plan: 1, user: 2, is_suspended: true, created_at: ago(10 * DAY) },
      { id: 4, name: 'dev1.carol.example.test', plan: 3, user: 3, created_at: ago(2 * DAY) },
      { id: 5, name: 'web2.bob.example.test', plan: 2, user: 2, backup_settings: { enabled: true }, additional_ip_count: 2, created_at: ago(5 * HOUR) },
    ],
    backups: [
      { server: 1, size: 2.5, created_at: ago(2 * DAY) },
      { server: 1, size: 2.75, created_at: ago(1 * DAY) },
      { server: 5, creation_method: 'manual', size: 4, created_at: ago(4 * HOUR) },
    ],
  };
}

export function seedState(seed: SeedName, now: Date): SimState {
  return buildState(seed === 'demo' ? demoFixtures(now) : {}, now.toISOString());
}
