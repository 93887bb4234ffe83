import * as z from 'zod';

/** Schemas every part of the API document shares. */

export const period = z.string().regex(/^2\d{3}-(0[1-9]|1[0-2])$/).describe('a billing period YYYY-MM, 2000-01 to 2999-12 (else 400 invalid_period)');
export const instant = z.string().describe('an ISO-8601 UTC instant');
