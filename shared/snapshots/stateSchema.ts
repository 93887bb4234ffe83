import * as z from 'zod';

/** A server's billing-relevant state as stored (segments of month items and of usage rows). */
export const serverStateSchema = z.object({
  owner: z.object({ userId: z.number(), billingUserId: z.number().nullable() }),
  plan: z.object({
    id: z.number(),
    tokensPerHour: z.number(),
    tokensPerMonth: z.number(),
    ipTokensPerHour: z.number(),
    ipTokensPerMonth: z.number(),
    backupPrice: z.union([z.number(), z.string()]),
  }),
  backupsEnabled: z.boolean(),
  suspended: z.boolean(),
  additionalIpCount: z.number(),
});
