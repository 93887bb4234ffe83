import * as z from 'zod';
import { isInstant, isPeriod } from '../../shared/billing';
import { BadRequestError } from '../../shared/errors';
import type { HttpEvent } from './http';

/** A period parameter `YYYY-MM` (the billing engine's own check). */
export const periodParam = z.string().refine(isPeriod, 'must be a period YYYY-MM (e.g. 2026-11)');

/** A positive integer id given as a path segment. */
export const idParam = z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive integer').transform(Number);

/** An ISO-8601 UTC instant (the billing engine's instant parser). */
export const instantParam = z.string().refine(isInstant, 'must be an ISO-8601 UTC instant (e.g. 2026-11-03T10:05:00Z)');

/** Parses path and query parameters together; a bad one is a 400 naming it. */
export function parseParams<T extends z.ZodRawShape>(event: HttpEvent, shape: T): z.infer<z.ZodObject<T>> {
  const raw = { ...(event.queryStringParameters ?? {}), ...(event.pathParameters ?? {}) };
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || 'parameters';
    throw new BadRequestError(`Invalid parameter ${name}: ${issue?.message ?? 'invalid'}`, 'invalid_parameter');
  }
  return parsed.data;
}
