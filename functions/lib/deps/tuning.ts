/**
 * Timeouts and waits that tests shorten so slow-upstream scenarios run in seconds. Production
 * leaves every field out and gets the defaults named at each use.
 */
export interface BridgeTuning {
  /** SolusIO: one request's timeout (default 10 s). */
  readonly solusioRequestTimeoutMs?: number;
  /** Provisioning: the budget of one API request on SolusIO (default 25 s, below API Gateway's 30 s). */
  readonly provisioningDeadlineMs?: number;
  /** Provisioning: a claim older than this on the wall clock was left by a crash (default 30 s). */
  readonly provisioningStaleClaimMs?: number;
  /** Billing system: one request's timeout (default 10 s). */
  readonly billingTimeoutMs?: number;
  /** Invoice push: the wait before looking an unanswered create up again (default 2 s). */
  readonly pushUnknownCreateWaitMs?: number;
  /** Billing system: the base of the backoff between retried reads, and between a push's rounds (default 200 ms / 500 ms). */
  readonly billingRetryBaseDelayMs?: number;
}
