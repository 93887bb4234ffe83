import * as z from 'zod';
import type { ServersRunRecord } from './types';

/** The stored servers-run record, parsed when read back (a replay answers it). */
export const serversRunRecordSchema: z.ZodType<ServersRunRecord> = z.object({
  kind: z.literal('servers'),
  time: z.string(),
  complete: z.boolean(),
  suspect: z.boolean(),
  suspectServerIds: z.array(z.number()),
  serversSeen: z.number(),
  changes: z.number(),
  pages: z.number(),
  digest: z.string(),
  gapFrom: z.string().optional(),
  superseded: z.boolean().optional(),
  error: z.string().optional(),
  confirmedAt: z.string().optional(),
  heldServerIds: z.array(z.number()).optional(),
  shortLivedServerIds: z.array(z.number()).optional(),
  unbilledServerIds: z.array(z.number()).optional(),
});
