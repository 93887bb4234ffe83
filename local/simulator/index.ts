/**
 * The SolusIO simulator: SolusIO's REST API under /api/v1 as the bridge uses it, on 127.0.0.1.
 * Each behaviour it imitates comes from a public source (the Go SDK solusio/solus-go-sdk, the
 * WHMCS module solusio/solusiovps) or is an assumption written down where it is made.
 * docs/conformance.md ("SolusIO") lists every call the bridge makes with its source, what this
 * simulator does and the test that pins it: change the simulator and that table together.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimApp } from './app';
import { createSimClock } from './clock';
import { SIM_DEFAULTS } from './constants';
import { FaultInjector } from './faults';
import { defaultListing } from './listing';
import { seedState } from './seeds';
import { RequestStats } from './stats';
import { SimStore } from './store/SimStore';
import type { RunningSimulator, SimulatorOptions } from './types';

export type {
  ActivityLogJson,
  BackupJson,
  ErrorJson,
  Ipv4Json,
  Ipv6Json,
  PageJson,
  PlanJson,
  RunningSimulator,
  SeedName,
  ServerJson,
  SimClock,
  SimulatorOptions,
  TaskJson,
  UserJson,
} from './types';
export type { StatsJson } from './stats';
export { createSimClock } from './clock';

/**
 * Starts the SolusIO simulator on 127.0.0.1 (`port` 0: any free port). Rejects with the listen
 * error (e.g. `EADDRINUSE`) or a `RangeError` for a bad option.
 */
export async function startSimulator(port: number, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const pageSize = options.pageSize ?? SIM_DEFAULTS.pageSize;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be 0-65535, got ${port}`);
  const seed = options.seed ?? SIM_DEFAULTS.seed;
  if (seed !== 'demo' && seed !== 'empty') throw new RangeError(`seed must be demo or empty, got ${String(seed)}`);
  const token = options.token === undefined || options.token === '' ? undefined : options.token;

  const clock = createSimClock();
  const store = new SimStore(clock);
  store.replaceState(seedState(seed, clock.now()));
  const app = createSimApp({ store, clock, faults: new FaultInjector(), stats: new RequestStats(), pageSize, listing: defaultListing() }, token);
  const server = createServer(app.listener);

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, SIM_DEFAULTS.host);
  });

  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${SIM_DEFAULTS.host}:${bound}`,
    port: bound,
    clock,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        app.dispose();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
