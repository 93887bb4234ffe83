import * as z from 'zod';

/**
 * Fault rules of a billing-system simulator. A rule matches an operation (the WHMCS action, the
 * Blesta `model/method`, the HostBill call, the Ubersmith method; any when omitted) and answers `status`, waits
 * `delayMs`, drops the connection before doing anything, or (`loseAnswer`) does the work and then
 * drops the connection, as a proxy timing out after the system committed would. `times` omitted:
 * always.
 */
export const billingFaultRuleSchema = z
  .object({
    operation: z.string().min(1).optional(),
    status: z.int().min(400).max(599).optional(),
    delayMs: z.int().nonnegative().max(600_000).optional(),
    dropConnection: z.boolean().optional(),
    loseAnswer: z.boolean().optional(),
    times: z.int().positive().optional(),
  })
  .refine((r) => r.status !== undefined || r.delayMs !== undefined || r.dropConnection === true || r.loseAnswer === true, {
    message: 'a rule needs status, delayMs, dropConnection or loseAnswer',
  });

export const billingFaultsBodySchema = z.object({ rules: z.array(billingFaultRuleSchema).min(1) });

export type BillingFaultRule = z.infer<typeof billingFaultRuleSchema>;

export interface BillingFaultEffect {
  readonly status?: number;
  readonly delayMs?: number;
  readonly dropConnection?: boolean;
  readonly loseAnswer?: boolean;
}

/** The active rules; the first rule matching a request is used up by one use. */
export class BillingFaults {
  private rules: { rule: BillingFaultRule; remaining: number | null }[] = [];

  add(rules: readonly BillingFaultRule[]): void {
    for (const rule of rules) this.rules.push({ rule, remaining: rule.times ?? null });
  }

  clear(): void {
    this.rules = [];
  }

  list(): BillingFaultRule[] {
    return this.rules.map(({ rule, remaining }) => ({ ...rule, ...(remaining === null ? {} : { times: remaining }) }));
  }

  take(operation: string): BillingFaultEffect | undefined {
    const index = this.rules.findIndex(({ rule }) => rule.operation === undefined || rule.operation === operation);
    const active = this.rules[index];
    if (active === undefined) return undefined;
    if (active.remaining !== null) {
      active.remaining -= 1;
      if (active.remaining === 0) this.rules.splice(index, 1);
    }
    const { status, delayMs, dropConnection, loseAnswer } = active.rule;
    return {
      ...(status === undefined ? {} : { status }),
      ...(delayMs === undefined ? {} : { delayMs }),
      ...(dropConnection === undefined ? {} : { dropConnection }),
      ...(loseAnswer === undefined ? {} : { loseAnswer }),
    };
  }
}
