import type { SegmentOwner } from './types';

/**
 * The longest customer reference an input may name (a query parameter, a page cursor): far above
 * any reference `customerReference` makes, far below the DynamoDB keys that embed it (2 KB).
 */
export const CUSTOMER_MAX_LENGTH = 200;

/** What every reference of an owner without `billing_user_id` starts with (the invoice push skips them). */
export const UNMAPPED_REFERENCE_PREFIX = 'solusio-user:';

/**
 * The billing reference of an owner: its `billing_user_id` where set, else `solusio-user:<id>`.
 * With `installation` (given only when several installations are configured: user ids repeat
 * across them) the unmapped form names it: `solusio-user:<installation>:<id>`.
 */
export const customerReference = (owner: SegmentOwner, installation?: string): string =>
  owner.billingUserId === null || owner.billingUserId === 0 ? unmappedReference(owner.userId, installation) : String(owner.billingUserId);

const unmappedReference = (userId: number, installation: string | undefined): string =>
  installation === undefined ? `${UNMAPPED_REFERENCE_PREFIX}${userId}` : `${UNMAPPED_REFERENCE_PREFIX}${installation}:${userId}`;

/**
 * The reference `customerReference(owner, installation)` makes, from the one without installation
 * (what the billing engine names its customers): only the unmapped form changes.
 */
export const scopedCustomerReference = (reference: string, installation: string): string =>
  reference.startsWith(UNMAPPED_REFERENCE_PREFIX) ? unmappedReference(Number(reference.slice(UNMAPPED_REFERENCE_PREFIX.length)), installation) : reference;

/** Orders customer references by UTF-16 code units (deterministic, locale-free). */
export const compareCustomers = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
