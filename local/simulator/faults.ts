import { z } from 'zod';
import type { TaskOutcome } from './store/SimStore';

/**
 * Fault rules for `/api/v1` requests. A rule matches a method (any when omitted), a path prefix
 * (any when omitted; a prefix without a leading `/` is relative to `/api/v1/`) and optionally a
 * page. An effect rule answers `status` (with `Retry-After`), waits `delayMs`, or drops the
 * connection; a `task` rule lets the action answer normally but leaves its task pending or
 * failed. Each match consumes one use; `times` omitted means always.
 */
export const faultRuleSchema = z
  .object({
    method: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    page: z.int().positive().optional(),
    status: z.int().min(100).max(599).optional(),
    retryAfter: z.number().nonnegative().optional(),
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
  .refine((r) => r.retryAfter === undefined || r.status !== undefined, { message: 'retryAfter needs status' });

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

function normalisePath(path: string | undefined): string | undefined {
  if (path === undefined || path.startsWith('/')) return path;
  return `/api/v1/${path}`;
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
    const rule = this.take((r) => r.task === undefined && this.matches(r, method, path) && (r.page === undefined || r.page === page));
    if (!rule) return undefined;
    return { status: rule.status, retryAfter: rule.retryAfter, delayMs: rule.delayMs, dropConnection: rule.dropConnection };
  }

  /** How the task of a matching action ends: `done` unless a task rule says otherwise. */
  takeTaskOutcome(method: string, path: string): TaskOutcome {
    return this.take((r) => r.task !== undefined && this.matches(r, method, path))?.task ?? 'done';
  }

  private matches(r: ActiveFault, method: string, path: string): boolean {
    const methodOk = r.method === undefined || r.method === '*' || r.method.toUpperCase() === method.toUpperCase();
    return methodOk && (r.path === undefined || path.startsWith(r.path));
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
