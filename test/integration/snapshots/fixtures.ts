/** Plans and users the snapshot tests share: every feature available, prices easy to tell apart. */
export const SNAPSHOT_FIXTURES = {
  plans: [
    { id: 1, name: 'Small', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 },
    { id: 2, name: 'Large', tokens_per_hour: 14, tokens_per_month: 9000, ip_tokens_per_hour: 2, ip_tokens_per_month: 900, backup_price: 12.5 },
  ],
  users: [
    { id: 1, email: 'a@example.test', billing_user_id: 1001 },
    { id: 2, email: 'b@example.test', billing_user_id: 1002 },
    { id: 3, email: 'c@example.test' },
  ],
};

export const PLAN_SMALL = { id: 1, tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 };
export const PLAN_LARGE = { id: 2, tokensPerHour: 14, tokensPerMonth: 9000, ipTokensPerHour: 2, ipTokensPerMonth: 900, backupPrice: 12.5 };
export const OWNER_A = { userId: 1, billingUserId: 1001 };
export const OWNER_B = { userId: 2, billingUserId: 1002 };

export const createBody = (name: string, extra: Record<string, unknown> = {}) => ({ name, plan: 1, location: 1, os: 1, user: 1, ...extra });

/** `count` servers as simulator fixtures, created at `createdAt`, owners and plans alternating. */
export function fleet(count: number, createdAt: string, firstId = 1): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    id: firstId + index,
    name: `vps${firstId + index}.example.test`,
    plan: 1 + (index % 2),
    user: 1 + (index % 3),
    created_at: createdAt,
  }));
}
