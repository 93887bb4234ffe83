<?php

/**
 * Runs every function of the solusbridge module against a running local stack, as WHMCS would call
 * them, one case per line (see Harness.php). Environment:
 *   SOLUSBRIDGE_URL            the bridge (the local stack's API URL)
 *   SOLUSBRIDGE_KEY            an API key with scopes provisioning,usage:read
 *   SOLUSBRIDGE_SIM_URL        the SolusIO simulator (its clock is moved through the month)
 *   SOLUSBRIDGE_UNREACHABLE_URL a URL where nothing listens
 * The simulator must hold plans 1 and 2 (test/integration/whmcs/whmcsModule.test.ts seeds them).
 */

require __DIR__ . '/stubs.php';
require __DIR__ . '/Harness.php';
require __DIR__ . '/../modules/servers/solusbridge/solusbridge.php';
require __DIR__ . '/TestWorld.php';
require __DIR__ . '/cases.php';
require __DIR__ . '/errorCases.php';

use WHMCS\Module\Server\Solusbridge\Clock;

$harness = new Harness();
$listOnly = in_array('--list', $argv, true);
$env = static fn (string $name): string => $listOnly ? '' : (getenv($name) ?: throw new \RuntimeException("{$name} is not set"));
$world = new TestWorld($env('SOLUSBRIDGE_URL'), $env('SOLUSBRIDGE_KEY'), $env('SOLUSBRIDGE_SIM_URL'), $env('SOLUSBRIDGE_UNREACHABLE_URL'));
if (!$listOnly) {
    // The stack's clock starts where the month's first complete run is, before any order.
    $world->at('2026-11-03T09:55:00Z');
    $world->snapshot();
    $world->at('2026-11-03T10:00:00Z');
}
registerCases($harness, $world);
exit($harness->run($argv));
