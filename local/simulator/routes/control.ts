import * as z from 'zod';
import { faultRulesBodySchema } from '../faults';
import { applyListingReset } from '../listing';
import { buildState } from '../fixtures';
import { resetBodySchema } from '../fixtureSchemas';
import { patchPlan, patchServer, patchUser } from '../patches';
import { renderPlan, renderServer, renderTask, renderUser } from '../render';
import { ok, type RouteDef } from '../router';
import { seedState } from '../seeds';
import { isoInstantSchema, parseWith } from '../validation';
import type { RouteDeps } from './deps';

const clockBodySchema = z.object({ now: isoInstantSchema });
const finishBodySchema = z.object({ status: z.enum(['done', 'failed']).optional() });

/** `/_sim/*`: test controls, no auth, never faulted or counted. */
export function controlRoutes({ store, clock, faults, stats, listing }: RouteDeps): RouteDef[] {
  const clockJson = () => ({ now: clock.now().toISOString() });
  return [
    { method: 'GET', pattern: '/_sim/clock', handler: () => ok(clockJson()) },
    {
      method: 'PUT',
      pattern: '/_sim/clock',
      handler: (ctx) => {
        clock.set(new Date(parseWith(clockBodySchema, ctx.json()).now));
        return ok(clockJson());
      },
    },
    {
      method: 'POST',
      pattern: '/_sim/reset',
      handler: (ctx) => {
        const body = parseWith(resetBodySchema, ctx.json());
        const state = body.seed ? seedState(body.seed, clock.now()) : buildState(body, clock.now().toISOString());
        store.replaceState(state);
        applyListingReset(listing, body);
        return ok({
          seed: body.seed ?? null,
          plans: state.plans.length,
          users: state.users.length,
          servers: state.servers.length,
          backups: state.backups.length,
          publicUrl: listing.publicUrl ?? null,
          activityLogOrder: listing.activityLogOrder,
        });
      },
    },
    { method: 'PATCH', pattern: '/_sim/servers/{id}', handler: (ctx) => ok({ data: renderServer(patchServer(store, ctx.param('id'), ctx.json()), store) }) },
    { method: 'PATCH', pattern: '/_sim/plans/{id}', handler: (ctx) => ok({ data: renderPlan(patchPlan(store, ctx.param('id'), ctx.json()), store) }) },
    { method: 'PATCH', pattern: '/_sim/users/{id}', handler: (ctx) => ok({ data: renderUser(patchUser(store, ctx.param('id'), ctx.json())) }) },
    {
      method: 'POST',
      pattern: '/_sim/faults',
      handler: (ctx) => {
        faults.add(parseWith(faultRulesBodySchema, ctx.json()).rules);
        return ok({ rules: faults.list() });
      },
    },
    { method: 'GET', pattern: '/_sim/faults', handler: () => ok({ rules: faults.list() }) },
    {
      method: 'DELETE',
      pattern: '/_sim/faults',
      handler: () => {
        faults.clear();
        return ok({ rules: [] });
      },
    },
    {
      method: 'POST',
      pattern: '/_sim/tasks/{id}/finish',
      handler: (ctx) => {
        const body = parseWith(finishBodySchema, ctx.json());
        return ok({ data: renderTask(store.finishTask(ctx.param('id'), body.status ?? 'done')) });
      },
    },
    { method: 'GET', pattern: '/_sim/stats', handler: () => ok(stats.toJSON()) },
    {
      method: 'DELETE',
      pattern: '/_sim/stats',
      handler: () => {
        stats.reset();
        return ok(stats.toJSON());
      },
    },
  ];
}
