import * as z from 'zod';

/**
 * The shapes of Ubersmith API 2.0 answers the connector reads, and the words of its refusals.
 * Every answer is the envelope `{status, error_code, error_message, data}` (Ubersmith's API 2.0
 * documentation, "Using the Ubersmith API"); a `data` that does not match is an error, never an
 * empty answer. Ubersmith answers ids, prices and flags as strings (numbers accepted too).
 */

const idSchema = z.union([z.string().regex(/^\d+$/), z.int().nonnegative()]).transform(String);
const textSchema = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? '' : String(value)));

export const envelopeSchema = z.looseObject({
  status: z.boolean(),
  error_code: z.union([z.number(), z.string()]).nullish(),
  error_message: z.string().nullish(),
});

/** `client.service_add`: the new service's id as `data` (`"data": 200` in the documentation's example). */
export const serviceAddSchema = z.looseObject({ status: z.literal(true), data: idSchema.refine((id) => id !== '0', 'service id 0') });

/** A service as `client.service_get` and `client.service_list` answer it (the fields the connector reads). */
export const serviceSchema = z.looseObject({
  packid: idSchema,
  clientid: idSchema,
  parentpack: idSchema.optional(),
  desserv: textSchema,
  price: textSchema,
  quantity: textSchema.optional(),
  /** The documentation's examples carry `active`; newer versions may say `status`. */
  active: textSchema.optional(),
  status: textSchema.optional(),
});

export const serviceGetSchema = z.looseObject({ status: z.literal(true), data: serviceSchema });

/**
 * `client.service_list`: `data` is an object keyed by service id; PHP's json_encode answers an
 * empty one as `[]` (as the Internap fake-ubersmith answers it too).
 */
export const serviceListSchema = z.looseObject({
  status: z.literal(true),
  data: z.union([z.record(z.string(), serviceSchema), z.array(z.never()).length(0).transform(() => ({}))]),
});

/** `client.get`: the client (its `clientid`); the documented output names no currency. */
export const clientGetSchema = z.looseObject({ status: z.literal(true), data: z.looseObject({ clientid: idSchema }) });

export type UbersmithService = z.infer<typeof serviceSchema>;

/** Words of a refused login or a missing permission (HTTP 401/403 decide first). */
export const AUTH_PATTERN = /invalid login|password|api token|token (?:has )?expired|authenticat|authori[sz]|access denied|permission|not allowed|forbidden/i;
export const NOT_FOUND_PATTERN = /not found|does not exist|doesn't exist|no such|no valid|invalid .*id/i;
/** Ubersmith's maintenance answer (quoted by the python-ubersmith client): a pause, not a refusal. */
export const MAINTENANCE_PATTERN = /undergoing maintenance/i;

/** Ubersmith's service status numbers (`client.service_add` `status`) as words. */
const STATUS_WORDS: Readonly<Record<string, string>> = { '1': 'Active', '2': 'Pending', '3': 'Suspended', '4': 'Cancelled' };

/** The service's status word: `status`, else `active`, mapped from Ubersmith's numbers; the raw text otherwise. */
export function serviceStatus(service: UbersmithService): string {
  const raw = (service.status ?? '') !== '' ? (service.status ?? '') : (service.active ?? '');
  return STATUS_WORDS[raw] ?? raw;
}

/** Services in Ubersmith's id order (ids are numbers; `"10"` after `"9"`). */
export function byPackId(a: UbersmithService, b: UbersmithService): number {
  return Number(a.packid) - Number(b.packid);
}
