import type { PlanPrices } from '../../billing';
import type { Deadline, SolusPlan, SolusServer, SolusUser } from '../../solusio';
import type { ObservedServer } from '../detectChanges';
import { observeServer, planPrices } from '../observe';
import type { SolusioServersReader } from '../ports';
import { describe } from './deps';

/** What a run observed from SolusIO. */
export interface Observation {
  /** Listed servers; the checks of later steps add the ones paging hid (`takeAsListed`). */
  readonly listed: Map<number, ObservedServer>;
  readonly pages: number;
  readonly plans: Map<number, SolusPlan>;
  readonly users: Map<number, SolusUser>;
  /** Why the walk stopped early (the run is partial). */
  readonly error?: string;
}

/** Step 2, observe the fleet: plans and users once, then every page of servers; a failure ends the walk (a partial run). */
export async function observeFleet(solusio: SolusioServersReader, deadline: Deadline): Promise<Observation> {
  const listed = new Map<number, ObservedServer>();
  const plans = new Map<number, SolusPlan>();
  const users = new Map<number, SolusUser>();
  let pages = 0;
  try {
    const [planList, userList] = await Promise.all([solusio.listPlans(deadline), solusio.listUsers(deadline)]);
    for (const plan of planList) plans.set(plan.id, plan);
    for (const user of userList) users.set(user.id, user);
    for await (const page of solusio.serverPages(deadline)) {
      pages += 1;
      for (const server of page.items) listed.set(server.id, observeServer(server, plans, users));
    }
    return { listed, pages, plans, users };
  } catch (error) {
    return { listed, pages, plans, users, error: describe(error) };
  }
}

/** A server that `GET servers/{id}` found although no page listed it (paging shifted): it counts as listed. */
export function takeAsListed(observation: Observation, server: SolusServer): void {
  observation.listed.set(server.id, observeServer(server, observation.plans, observation.users));
}

/** The run's plans by id, as billing prices them. */
export function pricesOf(observation: Observation): Map<number, PlanPrices> {
  return new Map([...observation.plans.values()].map((plan) => [plan.id, planPrices(plan)] as const));
}
