<?php

namespace WHMCS\Module\Server\Solusbridge;

use WHMCS\UsageBilling\Contracts\Metrics\MetricInterface;
use WHMCS\UsageBilling\Contracts\Metrics\ProviderInterface;
use WHMCS\UsageBilling\Metrics\Metric;
use WHMCS\UsageBilling\Metrics\Units\WholeNumber;
use WHMCS\UsageBilling\Metrics\Usage as MetricUsage;

/**
 * WHMCS Usage Billing (7.9+): runtime hours and tokens of the current period, per metered service.
 * WHMCS calls it with the server's settings; the tenant is the service's domain, which the module
 * gave the server as its host name. Only `metered` lines are reported: postpaid lines are invoiced
 * by the bridge itself and prepaid ones by the product's recurring price, so nothing is billed twice.
 */
class MetricsProvider implements ProviderInterface
{
    public const RUNTIME_HOURS = 'solusbridge_runtime_hours';
    public const TOKENS = 'solusbridge_tokens';

    public function __construct(private readonly array $moduleParams)
    {
    }

    public function metrics()
    {
        return [
            self::RUNTIME_HOURS => new Metric(self::RUNTIME_HOURS, 'Server runtime', MetricInterface::TYPE_PERIOD_MONTH, new WholeNumber('Hours', 'hour', 'hours')),
            self::TOKENS => new Metric(self::TOKENS, 'SolusIO tokens', MetricInterface::TYPE_PERIOD_MONTH, new WholeNumber('Tokens', 'token', 'tokens')),
        ];
    }

    /** Every metered service's metrics, keyed by tenant (the server's host name). */
    public function usage()
    {
        $totals = [];
        $lines = Usage::allServerLines(BridgeClient::fromParams($this->moduleParams), 'MetricProvider');
        foreach ($lines as $line) {
            $tenant = (string) ($line['hostname'] ?? '');
            if ($tenant === '' || ($line['billingMode'] ?? '') !== 'metered') {
                continue;
            }
            $totals[$tenant]['hours'] = ($totals[$tenant]['hours'] ?? 0) + (int) ($line['runtimeHours'] ?? 0);
            $totals[$tenant]['tokens'] = ($totals[$tenant]['tokens'] ?? 0) + (int) ($line['totalTokens'] ?? 0);
        }
        $usage = [];
        foreach ($totals as $tenant => $total) {
            $usage[$tenant] = $this->withUsage($total['hours'], $total['tokens']);
        }
        return $usage;
    }

    public function tenantUsage($tenant)
    {
        $usage = $this->usage();
        return $usage[strtolower((string) $tenant)] ?? $this->withUsage(0, 0);
    }

    private function withUsage(int $hours, int $tokens): array
    {
        $now = Clock::now();
        $periodStart = $now->modify('first day of this month')->setTime(0, 0);
        $metrics = $this->metrics();
        $stamp = static fn (int $value) => new MetricUsage($value, $now->getTimestamp(), $periodStart->getTimestamp(), $now->getTimestamp());
        return [
            self::RUNTIME_HOURS => $metrics[self::RUNTIME_HOURS]->withUsage($stamp($hours)),
            self::TOKENS => $metrics[self::TOKENS]->withUsage($stamp($tokens)),
        ];
    }
}
