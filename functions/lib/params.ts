import * as z from 'zod';
import { CUSTOMER_MAX_LENGTH, isPeriod, isPeriodInstant } from '../../shared/billing';
import { BadRequestError } from '../../shared/errors';
import type { HttpEvent } from './http';

/** A period parameter `YYYY-MM`, 2000-01 to 2999-12 (the billing engine's own check); a bad one is `400 invalid_period`. */
export const periodParam = z.string().refine(isPeriod, 'must be a period YYYY-MM from 2000-01 to 2999-12 (e.g. 2026-11)');

/** A positive integer id given as a path segment. */
export const idParam = z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive integer').transform(Number);

/** An ISO-8601 UTC instant in a billing period (years 2000 to 2999; the billing engine's instant parser). */
export const instantParam = z.string().refine(isPeriodInstant, 'must be an ISO-8601 UTC instant from 2000 to 2999 (e.g. 2026-11-03T10:05:00Z)');

/** A customer reference (the billing system's client id, `solusio-user:<id>` or with several installations `solusio-user:<installation>:<id>`), bounded below the keys that embed it. */
export const customerParam = z.string().min(1).max(CUSTOMER_MAX_LENGTH);

/** The error code of a parameter whose value is refused; `invalid_parameter` unless named here. */
const CODES: Readonly<Record<string, string>> = { period: 'invalid_period', cursor: 'invalid_cursor' };

/** Parses path and query parameters together; a bad one is a 400 naming it. */
export function parseParams<T extends z.ZodRawShape>(event: HttpEvent, shape: T): z.infer<z.ZodObject<T>> {
  const raw = { ...(event.queryStringParameters ?? {}), ...(event.pathParameters ?? {}) };
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || 'parameters';
    throw new BadRequestError(`Invalid parameter ${name}: ${issue?.message ?? 'invalid'}`, CODES[name] ?? 'invalid_parameter');
  }
  return parsed.data;
}

/** A page size `limit` from 1 to `max`; the route applies its default when it is left out. */
export function limitParam(max: number) {
  const message = `must be an integer from 1 to ${max}`;
  return z.string().regex(/^\d{1,6}$/, message).transform(Number).refine((limit) => limit >= 1 && limit <= max, message);
}
