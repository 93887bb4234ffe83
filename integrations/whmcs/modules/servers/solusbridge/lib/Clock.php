<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * The module's notion of "now" (the current billing period, the idempotency fallback). The real
 * clock unless a test fixes it, so tests can follow a simulated month.
 */
final class Clock
{
    private static ?\DateTimeImmutable $fixed = null;

    public static function now(): \DateTimeImmutable
    {
        return self::$fixed ?? new \DateTimeImmutable('now', new \DateTimeZone('UTC'));
    }

    /** For tests only: pin "now" (an ISO-8601 instant), or null for the real clock. */
    public static function fixAt(?string $instant): void
    {
        self::$fixed = $instant === null ? null : (new \DateTimeImmutable($instant))->setTimezone(new \DateTimeZone('UTC'));
    }

    /** The billing period (YYYY-MM, UTC) that holds `now`. */
    public static function period(): string
    {
        return self::now()->format('Y-m');
    }
}
