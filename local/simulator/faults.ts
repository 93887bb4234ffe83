import * as z from 'zod';
import type { TaskOutcome } from './store/SimStore';

/**
 * Fault rules for `/api/v1` requests. A rule matches a method (any when omitted), a path (any
 * when omitted; a path without a leading `/` is relative to `/api/v1/`, a trailing `/` is
 * ignored) by whole segments: `/api/v1/servers/4` matches `/api/v1/servers/4` and everything
 * below it (`/api/v1/servers/4/backups`), never `/api/v1/servers/40`. A rule with `page` (it
 * needs a path) matches only the list at exactly that path, on that page (no `page` in the query
 * is page 1). An effect rule answers `status` (with `Retry-After` whole seconds), waits
 * `delayMs`, or drops the connection; a `task` rule lets the action answer normally but leaves
 * its task pending or failed. Each match consumes one use; `times` omitted means always.
 */
export const faultRuleSchema = z
  .object({
    method: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    page: z.int().positive().optional(),
    status: z.int().min(200).max(599).optional(),
    /** Seconds, as the `Retry-After` header carries them. */
    retryAfter: z.int().nonnegative().optional(),
    delayMs: z.int().nonnegative().max(600_000).optional(),
    dropConnection: z.boolean().optional(),
    times: z.int().positive().optional(),
    task: z.enum(['pending', 'failed']).optional(),
  })
  .refine((r) => r.status !== undefined || r.delayMs !== undefined || r.dropConnection === true || r.task !== undefined, {
    message: 'a rule needs status, delayMs, dropConnection or task',
  })
  .refine((r) => r.task === undefined || (r.status === undefined && r.delayMs === undefined && r.dropConnection !== true), {
    message: 'a task rule cannot also set status, delayMs or dropConnection',
  })
  .refine((r) => r.retryAfter === undefined || r.status !== undefined, { message: 'retryAfter needs status' })
  .refine((r) => r.page === undefined || r.path !== undefined, { message: 'a page rule needs the path of its list', path: ['path'] });

export const faultRulesBodySchema = z.object({ rules: z.array(faultRuleSchema).min(1) });

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface ActiveFault extends FaultRule {
  /** Uses left; null means always. */
  remaining: number | null;
}

export interface FaultEffect {
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  dropConnection?: boolean;
}

/** `/api/v1/`-relative paths made absolute; trailing slashes dropped (`/` stays `/`). */
function normalisePath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const absolute = path.startsWith('/') ? path : `/api/v1/${path}`;
  return absolute.replace(/\/+$/, '') || '/';
}

/** `path` is `prefix` or lies below it, comparing whole segments. */
function underPath(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

export class FaultInjector {
  private rules: ActiveFault[] = [];

  add(rules: readonly FaultRule[]): void {
    for (const r of rules) this.rules.push({ ...r, path: normalisePath(r.path), remaining: r.times ?? null });
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first effect rule matching the request, consuming one of its uses. */
  takeEffect(method: string, path: string, page: number): FaultEffect | undefined {
    const rule = this.take((r) => r.task === undefined && this.matches(r, method, path, page));
    if (!rule) return undefined;
    return { status: rule.status, retryAfter: rule.retryAfter, delayMs: rule.delayMs, dropConnection: rule.dropConnection };
  }

  /** How the task of a matching action ends: `done` unless a task rule says otherwise. */
  takeTaskOutcome(method: string, path: string, page = 1): TaskOutcome {
    return this.take((r) => r.task !== undefined && this.matches(r, method, path, page))?.task ?? 'done';
  }

  /** `path` is the request path without query or trailing slash; `page` is 1 when not given. */
  private matches(r: ActiveFault, method: string, path: string, page: number): boolean {
    const methodOk = r.method === undefined || r.method === '*' || r.method.toUpperCase() === method.toUpperCase();
    if (!methodOk) return false;
    if (r.page !== undefined) return r.path === path && r.page === page;
    return r.path === undefined || underPath(path, r.path);
  }

  private take(predicate: (r: ActiveFault) => boolean): ActiveFault | undefined {
    const index = this.rules.findIndex(predicate);
    const rule = this.rules[index];
    if (!rule) return undefined;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules.splice(index, 1);
    }
    return rule;
  }
}
