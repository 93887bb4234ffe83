import type { SegmentOwner } from './types';

/**
 * The longest customer reference an input may name (a query parameter, a page cursor): far above
 * any reference `customerReference` makes, far below the DynamoDB keys that embed it (2 KB).
 */
export const CUSTOMER_MAX_LENGTH = 200;

/** The billing reference of an owner: its `billing_user_id` where set, else `solusio-user:<id>`. */
export const customerReference = (owner: SegmentOwner): string =>
  owner.billingUserId === null || owner.billingUserId === 0 ? `solusio-user:${owner.userId}` : String(owner.billingUserId);

/** Orders customer references by UTF-16 code units (deterministic, locale-free). */
export const compareCustomers = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
