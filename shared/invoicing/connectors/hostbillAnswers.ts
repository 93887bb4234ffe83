import * as z from 'zod';

/**
 * The shapes of HostBill Admin API answers the connector reads (api2.hostbillapp.com), and the
 * words of its refusals. A shape that does not match is an error, never an empty answer.
 */

const idSchema = z.union([z.string().regex(/^\d+$/), z.int().nonnegative()]).transform(String);
const textSchema = z.union([z.string(), z.number()]).transform(String);

export const envelopeSchema = z.looseObject({ success: z.boolean() });

export const addInvoiceSchema = z.looseObject({ success: z.literal(true), invoice_id: idSchema });

export const addInvoiceItemSchema = z.looseObject({ success: z.literal(true) });

export const itemSchema = z.looseObject({
  description: z.string(),
  amount: textSchema,
  qty: textSchema.optional(),
});

export const invoiceDetailsSchema = z.looseObject({
  success: z.literal(true),
  invoice: z.looseObject({
    id: idSchema,
    status: z.string(),
    client_id: idSchema,
    notes: z.string().nullable().optional(),
    items: z.array(itemSchema).optional(),
  }),
});

/**
 * `getClientInvoices`: `invoices` must be a list (empty for a client without any). An answer
 * without it is out of shape: read as "no invoices" it could let a second invoice be created.
 */
export const clientInvoicesSchema = z.looseObject({
  success: z.literal(true),
  invoices: z.array(z.looseObject({ id: idSchema, date: z.string().nullable().optional() })),
  sorter: z.looseObject({ totalpages: z.coerce.number().int().nonnegative() }).optional(),
});

/** `getClientDetails`: the client's `currency_id` (0: the main currency). */
export const clientDetailsSchema = z.looseObject({ success: z.literal(true), client: z.looseObject({ currency_id: idSchema }) });

const currencySchema = z.looseObject({ id: idSchema, code: z.string().optional(), iso: z.string().optional(), decimal: z.union([z.string(), z.number()]).optional() });
/** `getCurrencies`: the main currency and the others, each with its ISO code and (documented for the main one) its decimals. */
export const currenciesSchema = z.looseObject({ success: z.literal(true), main: currencySchema, currencies: z.array(currencySchema).optional() });

export type HostbillItem = z.infer<typeof itemSchema>;

export const AUTH_PATTERN = /api[ _-]?(id|key)|credential|authori[sz]|authenticat|access denied|not allowed|permission|forbidden/i;
export const NOT_FOUND_PATTERN = /not found|does not exist|doesn't exist|no such|unknown|invalid/i;
/** Only an answer that says the invoice is not there: "unknown error" must not read as a deleted invoice. */
export const INVOICE_GONE_PATTERN = /not found|does not exist|doesn't exist|no such/i;

/** HostBill's `error` is a list, sometimes a hash of messages, sometimes one string. */
export function errorMessages(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
  if (value !== null && typeof value === 'object') return Object.values(value).map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
  return [];
}

/** The tag's period (`sbb-2026-11-c7-...` -> `2026-11`), or undefined for another format. */
export function periodOfTag(tag: string): string | undefined {
  return /^sbb-(\d{4}-(?:0[1-9]|1[0-2]))-/.exec(tag)?.[1];
}
