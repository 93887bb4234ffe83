import * as z from 'zod';
import { SCOPES } from '../auth/scopes';
import { SERVICE_STATES, serviceViewSchema } from '../provisioning/schemas';
import type { RouteSpec } from './apiSpec';
import { instant } from './baseSchemas';

/** The operator reads of issue #26 (a console, billing systems and scripts use them). */

const limit = (max: number, fallback: number) => z.string().regex(/^\d+$/).optional().describe(`1-${max}, default ${fallback} (else 400 invalid_parameter)`);
const cursor = z.string().optional().describe('nextCursor of the previous page (else 400 invalid_cursor)');
const nextCursor = z.string().optional().describe('absent on the last page');

const runSummary = z.object({
  installation: z.string(),
  time: instant.describe('the run\'s scheduled time'),
  complete: z.boolean().describe('the run listed every server'),
  partial: z.boolean().describe('not complete (`error` says why)'),
  suspect: z.boolean(),
  serversSeen: z.int(),
  changes: z.int(),
  gapFrom: instant.optional().describe('the previous complete run, when further back than the gap tolerance'),
  gapMinutes: z.int().optional().describe('whole minutes from gapFrom to this run'),
  superseded: z.boolean().optional().describe('older than the newest stored run: recorded, nothing applied'),
  error: z.string().optional(),
  confirmedAt: instant.optional().describe('when an admin confirmed this suspect run\'s deletions'),
  suspectServerIds: z.array(z.int()).optional().describe('suspect runs: the servers held open (what POST /v1/runs/{time}/confirm-deletions ends)'),
  heldServerIds: z.array(z.int()).optional().describe('servers whose change this run could not record because their month item is full: held at their last recorded state, the change detected again by the next run (alarm HeldServers)'),
});

export const OPERATOR_SPEC: Readonly<Record<string, RouteSpec>> = {
  'GET /v1/runs': {
    summary: 'Servers snapshot runs, newest first (at the same time by installation); every installation merged unless one is named',
    scope: 'usage:read',
    query: z.object({
      installation: z.string().optional().describe('only this installation\'s runs (else 400 unknown_installation)'),
      limit: limit(200, 50),
      cursor,
    }),
    status: 200,
    response: z.object({ runs: z.array(runSummary), nextCursor }),
  },
  'GET /v1/services': {
    summary: 'Stored services as GET /v1/services/{ref} shows them, as last observed (SolusIO is not asked); not ordered, and a page may hold fewer than limit while nextCursor is set',
    scope: 'provisioning',
    query: z.object({
      state: z.enum(SERVICE_STATES).optional().describe('only services in this state (else 400 invalid_parameter)'),
      limit: limit(200, 50),
      cursor,
    }),
    status: 200,
    response: z.object({ services: z.array(serviceViewSchema), nextCursor }),
  },
  'GET /v1/keys/self': {
    summary: 'The calling key: its id, name and scopes',
    anyKey: true,
    status: 200,
    response: z.object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(SCOPES)), createdAt: instant, lastUsedAt: instant.optional() }),
  },
};
