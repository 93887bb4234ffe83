import * as z from 'zod';
import { ValidationError } from './errors';

/** Body parsing with zod, failing as Laravel does: 422 `{ message, errors: { field: [...] } }`. */

type Issue = z.ZodError['issues'][number];

const label = (field: string): string => field.replace(/[._]/g, ' ');

function messageFor(field: string, issue: Issue): string {
  if (issue.input === undefined && issue.path.length > 0) return `The ${label(field)} field is required.`;
  return `The ${label(field)} field is invalid: ${issue.message}.`;
}

/** Groups zod issues by dotted field path (the body itself is `body`). */
export function issuesToErrors(issues: readonly Issue[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'body';
    (errors[field] ??= []).push(messageFor(field, issue));
  }
  return errors;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(issuesToErrors(result.error.issues));
  return result.data;
}

/** Collects field errors found after parsing (unknown ids and the like). */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** `The selected <field> is invalid.` when `ok` is false. */
  check(ok: boolean, field: string): void {
    if (!ok) this.add(field, `The selected ${label(field)} is invalid.`);
  }

  throwIfAny(): void {
    if (Object.keys(this.errors).length) throw new ValidationError(this.errors);
  }
}

/** An id as SolusIO's `integer` rule takes it: a positive integer, or its decimal string. */
export const idSchema = z.union([z.int().positive(), z.string().regex(/^[1-9]\d{0,14}$/).transform(Number)]);

/** A hostname-like server name (letters, digits, hyphens, dots). */
export const hostnameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/, 'must be a valid hostname');

export const isoInstantSchema = z.iso.datetime({ offset: true });

export const backupScheduleSchema = z.object({
  type: z.enum(['daily', 'weekly', 'monthly']),
  time: z.object({ hour: z.int().min(0).max(23), minutes: z.int().min(0).max(59) }).optional(),
  days: z.array(z.int().min(0).max(31)).optional(),
});

export const backupSettingsSchema = z.object({
  enabled: z.boolean().optional(),
  schedule: backupScheduleSchema.optional(),
});
