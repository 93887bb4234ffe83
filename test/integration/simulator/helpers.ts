import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../local/simulator';

export interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Talks to a running simulator over real HTTP. */
export class SimClient {
  constructor(
    readonly sim: RunningSimulator,
    private readonly token: string | null = 'test-token',
  ) {}

  /** A `/api/v1` call with the Bearer token (`path` relative to `/api/v1/`, or absolute). */
  api<T = unknown>(method: string, path: string, body?: unknown, token: string | null = this.token): Promise<Reply<T>> {
    const url = path.startsWith('/') || path.startsWith('http') ? path : `/api/v1/${path}`;
    return this.call<T>(method, url, body, token === null ? {} : { authorization: `Bearer ${token}` });
  }

  /** A `/_sim` control call (no auth). */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    return this.call<T>(method, `/_sim/${path}`, body, {});
  }

  async call<T>(method: string, pathOrUrl: string, body: unknown, headers: Record<string, string>): Promise<Reply<T>> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : this.sim.url + pathOrUrl;
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  }

  async reset(body: unknown = { seed: 'empty' }): Promise<void> {
    const reply = await this.control('POST', 'reset', body);
    if (reply.status !== 200) throw new Error(`reset failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  async setClock(iso: string): Promise<void> {
    const reply = await this.control('PUT', 'clock', { now: iso });
    if (reply.status !== 200) throw new Error(`clock failed: ${reply.status}`);
  }
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; client: SimClient }> {
  const sim = await startSimulator(0, { seed: 'empty', ...options });
  return { sim, client: new SimClient(sim, options.token ?? 'test-token') };
}

/**
 * Starts one simulator for the enclosing `describe` (handed to `use` once it is up) and closes it
 * after the block's tests.
 */
export function useTestSimulator(options: SimulatorOptions, use: (started: { sim: RunningSimulator; client: SimClient }) => void): void {
  let running: RunningSimulator | undefined;
  beforeAll(async () => {
    const started = await startTestSimulator(options);
    running = started.sim;
    use(started);
  });
  afterAll(() => running?.close());
}

/** A small state: 2 plans, 3 users (one without billing id), no servers. */
export const BASE_FIXTURES = {
  plans: [
    { id: 1, name: 'A', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 },
    { id: 2, name: 'B', tokens_per_hour: 14, tokens_per_month: 0, backup_price: 12.5, is_additional_ips_available: false, is_backup_available: false },
  ],
  users: [
    { id: 1, email: 'a@example.test', billing_user_id: 7 },
    { id: 2, email: 'b@example.test', billing_user_id: 8 },
    { id: 3, email: 'c@example.test' },
  ],
  servers: [] as unknown[],
};

export const T0 = '2026-11-03T10:00:00.000Z';

export const createBody = (name: string, extra: Record<string, unknown> = {}) => ({ name, plan: 1, location: 1, os: 1, user: 1, ...extra });
