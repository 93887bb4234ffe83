/**
 * How a server is billed (docs/billing-systems.md, "Billing modes"): `postpaid` (the bridge's invoice
 * push bills its tokens), `prepaid` (the billing system bills a fixed price: 0 tokens) or `metered`
 * (tokens computed as postpaid, but the billing system's own usage billing prices them: never pushed).
 * Servers the bridge did not create are postpaid.
 */
export const BILLING_MODES = ['prepaid', 'postpaid', 'metered'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];

/** The mode rows and lines carry as flags (`metered` only when true, so older items read and hash as before). */
export function billingModeOf(flags: { readonly prepaid: boolean; readonly metered?: boolean }): BillingMode {
  return flags.prepaid ? 'prepaid' : flags.metered === true ? 'metered' : 'postpaid';
}
