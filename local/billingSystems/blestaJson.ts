import { blestaAmount, fixed, parseDecimal } from './blestaPhp';
import type { SimInvoice } from './store';

/** The Blesta simulator's answers: invoices as `Invoices::get`, `getList` and `getAll` return them. */

export function lineJson(invoice: SimInvoice): unknown[] {
  return invoice.items.map((item) => {
    const amount = blestaAmount(item.amount);
    const decimal = parseDecimal(item.amount);
    return {
      id: String(item.id),
      invoice_id: String(invoice.id),
      service_id: null,
      description: item.description,
      qty: '1.0000',
      amount,
      subtotal: decimal === undefined ? amount : fixed(decimal, 8),
      taxes: [],
      taxes_applied: [],
      tax_subtotal: 0,
      tax_total: 0,
      total: amount,
      total_w_tax: amount,
    };
  });
}

export function totalOf(invoice: SimInvoice): string {
  const sum = invoice.items.reduce((acc, item) => {
    const decimal = parseDecimal(item.amount);
    return decimal === undefined ? acc : acc + BigInt(fixed(decimal, 4).replace('.', ''));
  }, 0n);
  return fixed({ units: sum, scale: 4 }, 4);
}

/** The invoice's own columns (`invoices.*` with the computed `id_code` and `due`). */
export function invoiceColumns(invoice: SimInvoice): Record<string, unknown> {
  const total = totalOf(invoice);
  return {
    id: String(invoice.id),
    id_format: '{num}',
    id_value: String(invoice.id),
    id_code: String(invoice.id),
    client_id: invoice.clientId,
    date_billed: `${invoice.date} 00:00:00`,
    date_due: `${invoice.dueDate} 00:00:00`,
    date_closed: null,
    date_autodebit: null,
    status: invoice.status,
    previous_due: '0.0000',
    currency: invoice.currency,
    note_public: '',
    note_private: invoice.notes,
    subtotal: total,
    total,
    paid: '0.0000',
    due: total,
    delivery_date_sent: null,
  };
}

/** A row of `getList`/`getAll`: the invoice's columns and its client's primary contact, no lines. */
export function summaryJson(invoice: SimInvoice): Record<string, unknown> {
  return {
    ...invoiceColumns(invoice),
    client_id_code: invoice.clientId,
    client_first_name: 'Sim',
    client_last_name: `Client ${invoice.clientId}`,
    client_company: null,
    client_address1: null,
    client_email: `client${invoice.clientId}@example.test`,
  };
}

/** The answer of `get`: the columns with line items, delivery and meta. */
export function invoiceJson(invoice: SimInvoice): Record<string, unknown> {
  return { ...invoiceColumns(invoice), line_items: lineJson(invoice), delivery: [], meta: [], tax_subtotal: 0, tax_total: 0, taxes: [] };
}


/**
 * The answer of `clients/get` (`Clients::get($client_id, $get_settings = true)`): the client with its
 * primary contact and `settings`, among them `default_currency` (docs.blesta.com, client settings).
 */
export function clientJson(clientId: string, currency: string): Record<string, unknown> {
  return {
    id: clientId,
    id_code: clientId,
    user_id: clientId,
    client_group_id: '1',
    status: 'active',
    first_name: 'Sim',
    last_name: `Client ${clientId}`,
    company: null,
    email: `client${clientId}@example.test`,
    contact_id: clientId,
    settings: { default_currency: currency, language: 'en_us', tax_exempt: 'false', autodebit: 'true', inv_method: 'email' },
  };
}
