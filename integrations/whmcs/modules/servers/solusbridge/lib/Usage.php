<?php

namespace WHMCS\Module\Server\Solusbridge;

/** The current period's usage lines from `GET /v1/usage` (scope usage:read). */
final class Usage
{
    /** The line of one server of one customer this period, or null when there is none yet. */
    public static function serverLine(BridgeClient $client, int $clientId, int $serverId, string $logAction): ?array
    {
        $query = http_build_query(['period' => Clock::period(), 'customer' => (string) $clientId]);
        $page = $client->get("/v1/usage?{$query}", $logAction);
        foreach ($page['customers'] ?? [] as $customer) {
            foreach ($customer['servers'] ?? [] as $line) {
                if ((int) ($line['serverId'] ?? 0) === $serverId && !isset($line['adjustmentOf'])) {
                    return $line;
                }
            }
        }
        return null;
    }

    /** Every server line of the current period, across all customers (paged by the bridge). */
    public static function allServerLines(BridgeClient $client, string $logAction): array
    {
        $lines = [];
        $cursor = null;
        do {
            $query = ['period' => Clock::period(), 'limit' => '1000'];
            if ($cursor !== null) {
                $query['cursor'] = $cursor;
            }
            $page = $client->get('/v1/usage?' . http_build_query($query), $logAction);
            foreach ($page['customers'] ?? [] as $customer) {
                foreach ($customer['servers'] ?? [] as $line) {
                    if (!isset($line['adjustmentOf'])) {
                        $lines[] = $line;
                    }
                }
            }
            $cursor = isset($page['nextCursor']) && is_string($page['nextCursor']) && $page['nextCursor'] !== '' ? $page['nextCursor'] : null;
        } while ($cursor !== null);
        return $lines;
    }

    /** ISO 4217 currencies whose minor unit is not 2 (the bridge's own table); any other has 2. */
    private const MINOR_DIGITS = [
        'BIF' => 0, 'CLP' => 0, 'DJF' => 0, 'GNF' => 0, 'ISK' => 0, 'JPY' => 0, 'KMF' => 0, 'KRW' => 0,
        'PYG' => 0, 'RWF' => 0, 'UGX' => 0, 'UYI' => 0, 'VND' => 0, 'VUV' => 0, 'XAF' => 0, 'XOF' => 0,
        'XPF' => 0, 'BHD' => 3, 'IQD' => 3, 'JOD' => 3, 'KWD' => 3, 'LYD' => 3, 'OMR' => 3, 'TND' => 3,
        'CLF' => 4, 'UYW' => 4,
    ];

    /** Integer minor units as amounts: "12.30 USD", "7 JPY". */
    public static function formatMoney(array $money): string
    {
        $parts = [];
        foreach ($money as $currency => $minor) {
            $decimals = self::MINOR_DIGITS[$currency] ?? 2;
            $parts[] = number_format(((int) $minor) / (10 ** $decimals), $decimals, '.', '') . " {$currency}";
        }
        return $parts === [] ? '0' : implode(', ', $parts);
    }
}
