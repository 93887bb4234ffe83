import { formatMinorUnits, parseAmountMinor } from './amounts';
import type { DraftInvoice, DraftInvoiceLine, RemoteInvoice } from './types';

/**
 * What differs between the draft the bridge computed and an invoice the billing system holds
 * (pure): line by line, order-free (a system may sort its items), amounts exact in minor units of
 * the draft's currency, and (unless `checkTag` is false: an invoice known by its recorded id) whether
 * the notes still carry the tag. Empty: they match.
 */
export function invoiceDifferences(invoice: DraftInvoice, remote: RemoteInvoice, options: { readonly checkTag?: boolean } = {}): string[] {
  const currency = invoice.currency;
  const key = (description: string, minor: number | undefined): string => `${description} = ${minor === undefined ? 'unreadable' : formatMinorUnits(minor, currency)}`;
  const expected = invoice.lines.map((line) => key(line.description, line.amountMinor));
  const unmatched = remote.lines.map((line) => key(line.description, parseAmountMinor(line.amount, currency)));
  const differences: string[] = [];
  for (const line of expected) {
    const index = unmatched.indexOf(line);
    if (index >= 0) unmatched.splice(index, 1);
    else differences.push(`missing line: ${line}`);
  }
  for (const line of unmatched) differences.push(`unexpected line: ${line}`);
  if (options.checkTag !== false && !remote.notes.includes(invoice.tag)) differences.push('the notes no longer carry the tag');
  return differences;
}

/**
 * The computed lines a partly made invoice lacks, in the computed order (pure); undefined when it
 * holds a line that is not a computed one (it is not a prefix of this draft: nothing is added).
 */
export function missingLines(invoice: DraftInvoice, remote: Pick<RemoteInvoice, 'lines'>): DraftInvoiceLine[] | undefined {
  const held = remote.lines.map((line) => `${line.description} = ${String(parseAmountMinor(line.amount, invoice.currency))}`);
  const missing: DraftInvoiceLine[] = [];
  for (const line of invoice.lines) {
    const index = held.indexOf(`${line.description} = ${String(line.amountMinor)}`);
    if (index >= 0) held.splice(index, 1);
    else missing.push(line);
  }
  return held.length === 0 ? missing : undefined;
}

/** The remote invoice's total in `currency`, or null when a line amount is not a decimal of it. */
export function remoteTotal(remote: RemoteInvoice, currency: string): string | null {
  let total = 0;
  for (const line of remote.lines) {
    const minor = parseAmountMinor(line.amount, currency);
    if (minor === undefined) return null;
    total += minor;
  }
  return formatMinorUnits(total, currency);
}

/**
 * Completes a draft whose create was interrupted after its id was recorded (HostBill, Ubersmith:
 * the lines are added one by one): adds only the lines it lacks. Undefined when the draft is gone;
 * a draft holding a line that is not a computed one is left as it is, for the caller to compare.
 */
export async function resumeByAddingLines(
  invoiceId: string,
  invoice: DraftInvoice,
  remote: { getInvoice(id: string): Promise<RemoteInvoice | undefined>; addLines(id: string, invoice: DraftInvoice, lines: readonly DraftInvoiceLine[]): Promise<void> },
): Promise<RemoteInvoice | undefined> {
  const current = await remote.getInvoice(invoiceId);
  if (current === undefined) return undefined;
  const missing = missingLines(invoice, current);
  if (missing === undefined || missing.length === 0) return current;
  await remote.addLines(invoiceId, invoice, missing);
  return (await remote.getInvoice(invoiceId)) ?? current;
}
