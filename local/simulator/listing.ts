import * as z from 'zod';

/**
 * How the simulator answers lists, apart from their data. `POST /_sim/reset` sets both; a reset
 * that leaves one out puts it back to its default, like the rest of the state.
 * - `publicUrl`: the origin written into `links` (`first`, `last`, `prev`, `next`) and
 *   `meta.path`. SolusIO (Laravel's paginator) builds them from the hostname it believes it has,
 *   which need not be the address a client reaches it by (a proxy, a private address); default:
 *   the `Host` the request came to. docs/conformance.md, "Paging".
 * - `activityLogOrder`: `newest_first` (default: how the simulator assumes SolusIO lists its
 *   activity log; no public document says so) or `oldest_first`, so a test can prove that the
 *   bridge refuses a log it cannot read newest first. docs/conformance.md, "Activity log".
 */
export const ACTIVITY_LOG_ORDERS = ['newest_first', 'oldest_first'] as const;
export type ActivityLogOrder = (typeof ACTIVITY_LOG_ORDERS)[number];

export interface ListingSettings {
  /** An origin without a trailing slash (`https://solus.example.test`), or undefined for the request's own. */
  publicUrl: string | undefined;
  activityLogOrder: ActivityLogOrder;
}

export function defaultListing(): ListingSettings {
  return { publicUrl: undefined, activityLogOrder: 'newest_first' };
}

/** The reset body's listing keys. */
export const listingResetShape = {
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => {
      // Refinements run after a failed URL check too: only a parsable URL can be an origin.
      if (!URL.canParse(url)) return false;
      const parsed = new URL(url);
      return parsed.pathname === '/' && parsed.search === '' && parsed.hash === '' && parsed.username === '' && parsed.password === '';
    }, 'an origin such as https://solus.example.test, without a path, query or credentials')
    .transform((url) => new URL(url).origin)
    .optional(),
  activityLogOrder: z.enum(ACTIVITY_LOG_ORDERS).optional(),
};

/** Installs a reset's listing keys (defaults for those it leaves out). */
export function applyListingReset(listing: ListingSettings, body: { publicUrl?: string | undefined; activityLogOrder?: ActivityLogOrder | undefined }): void {
  listing.publicUrl = body.publicUrl;
  listing.activityLogOrder = body.activityLogOrder ?? 'newest_first';
}
