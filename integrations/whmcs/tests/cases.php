<?php

use WHMCS\Module\Server\Solusbridge\Catalog;
use WHMCS\Module\Server\Solusbridge\MetricsProvider;

/** The cases, in lifecycle order: later ones act on what earlier ones created. */
function registerCases(Harness $h, TestWorld $w): void
{
    $postpaid = 101; $metered = 102; $prepaid = 103; $client = 42; $otherClient = 43;
    $call = static fn (string $function, array $params) => ('solusbridge_' . $function)($params);

    $h->add('MetaData and ConfigOptions describe the module', static function () use ($call) {
        Check::same(true, solusbridge_MetaData()['RequiresServer'], 'RequiresServer');
        $options = solusbridge_ConfigOptions();
        Check::same(['Plan', 'Location', 'OS Image', 'Application', 'Backups', 'Additional IPs', 'Billing Mode', 'Installation'], array_keys($options), 'ConfigOptions (configoption1..8)');
        Check::same('prepaid,postpaid,metered', $options['Billing Mode']['Options'], 'billing modes');
        Check::same(['Start' => 'start', 'Stop' => 'stop', 'Restart' => 'restart'], solusbridge_ClientAreaCustomButtonArray(), 'client area buttons');
    });

    $h->add('TestConnection succeeds with a provisioning,usage:read key', static function () use ($w, $call) {
        Check::same(['success' => true, 'error' => ''], $call('TestConnection', $w->server()), 'TestConnection');
    });

    $h->add('TestConnection shows the bridge\'s code for a wrong key', static function () use ($w, $call) {
        $answer = $call('TestConnection', $w->server(['serveraccesshash' => 'not-a-key']));
        Check::same(false, $answer['success'], 'success');
        Check::startsWith('Bridge error unauthorized (HTTP 401): ', $answer['error'], 'error');
    });

    $h->add('ConfigOptions loaders list plans, locations, OS images and applications from /v1/catalog', static function () use ($w, $call) {
        $plans = $call('PlanLoader', $w->server());
        Check::same(['1', '2'], array_map('strval', array_keys($plans)), 'plan ids');
        Check::true(str_starts_with($plans[1], 'Small'), 'plan 1 is named Small: ' . json_encode($plans));
        Check::same([1 => 'Simulated Location'], $call('LocationLoader', $w->server()), 'locations');
        Check::same([0 => 'None (use the application)', 1 => 'Ubuntu 22.04'], $call('OsImageLoader', $w->server()), 'OS image versions');
        Check::true(isset($call('ApplicationLoader', $w->server())[0]), 'applications offer None');
    });

    $h->add('the Installation loader offers None and the bridge\'s one installation', static function () use ($w, $call) {
        Check::same(['none' => 'None (the bridge\'s only installation)', 'default' => 'default'], $call('InstallationLoader', $w->server()), 'installations');
        Check::same([1 => 'Simulated Location'], $call('LocationLoader', $w->server() + ['configoption8' => 'default']), 'locations of the product\'s installation');
    });

    $h->add('with several installations every label names its installation, one entry per id', static function () {
        $catalog = [
            'installations' => ['eu', 'us'],
            'plans' => [['id' => 1, 'name' => 'Small', 'installation' => 'eu'], ['id' => 2, 'name' => 'Large', 'installation' => 'eu'], ['id' => 1, 'name' => 'US Small', 'installation' => 'us']],
        ];
        $name = static fn (array $plan): string => $plan['name'];
        Check::same([1 => 'Small [eu] / US Small [us]', 2 => 'Large [eu]'], Catalog::options($catalog, 'plans', $name), 'plans of two installations');
        Check::same([1 => 'Small'], Catalog::options(['installations' => ['eu'], 'plans' => [['id' => 1, 'name' => 'Small', 'installation' => 'eu']]], 'plans', $name), 'one installation: labels unchanged');
    });

    $h->add('CreateAccount sends the product\'s Installation, and the service is in it', static function () use ($w, $call, $client) {
        Check::same('success', $call('CreateAccount', $w->service(105, $client, $w->product('prepaid', 1, false, 'default'))), 'CreateAccount');
        Check::same(['active', 'default'], [$w->view(105)['state'], $w->view(105)['installation']], 'state and installation');
        Check::same('success', $call('TerminateAccount', $w->service(105, $client, $w->product('prepaid', 1, false, 'default'))), 'TerminateAccount');
    });

    $h->add('CreateAccount orders a postpaid service, which is active', static function () use ($w, $call, $postpaid, $client) {
        Check::same('success', $call('CreateAccount', $w->service($postpaid, $client, $w->product('postpaid'))), 'CreateAccount');
        Check::same(['active', 'postpaid'], [$w->view($postpaid)['state'], $w->view($postpaid)['billingMode']], 'state and mode');
    });

    $h->add('CreateAccount orders a metered service', static function () use ($w, $call, $metered, $otherClient) {
        Check::same('success', $call('CreateAccount', $w->service($metered, $otherClient, $w->product('metered'))), 'CreateAccount');
        Check::same(['active', 'metered'], [$w->view($metered)['state'], $w->view($metered)['billingMode']], 'state and mode');
    });

    $h->add('CreateAccount orders a prepaid service', static function () use ($w, $call, $prepaid, $client) {
        Check::same('success', $call('CreateAccount', $w->service($prepaid, $client, $w->product('prepaid'))), 'CreateAccount');
        Check::same('active', $w->view($prepaid)['state'], 'state');
    });

    $h->add('CreateAccount run again for a service answers the same server', static function () use ($w, $call, $prepaid, $client) {
        $before = $w->view($prepaid)['serverId'];
        $w->touch($prepaid);
        Check::same('success', $call('CreateAccount', $w->service($prepaid, $client, $w->product('prepaid'))), 'CreateAccount');
        Check::same($before, $w->view($prepaid)['serverId'], 'server id');
    });

    $h->add('AdminServicesTabFields shows state, SolusIO server id and last failure', static function () use ($w, $call, $postpaid, $client) {
        $fields = $call('AdminServicesTabFields', $w->service($postpaid, $client, $w->product('postpaid')));
        Check::same('active', $fields['Bridge state'], 'state');
        Check::same((string) $w->view($postpaid)['serverId'], $fields['SolusIO server id'], 'server id');
        Check::same('-', $fields['Last failure'], 'last failure');
    });

    $h->add('ClientArea shows the state and the IP addresses', static function () use ($w, $call, $prepaid, $client) {
        $area = $call('ClientArea', $w->service($prepaid, $client, $w->product('prepaid')));
        Check::same('templates/overview.tpl', $area['tabOverviewReplacementTemplate'], 'template');
        $vars = $area['templateVariables'];
        Check::same(['', 'active', null], [$vars['error'], $vars['state'], $vars['usage']], 'error, state, usage of a prepaid service');
        Check::true(count($vars['ipAddresses']) === 2 && filter_var($vars['ipAddresses'][0], FILTER_VALIDATE_IP) !== false, 'a primary and one additional IPv4: ' . json_encode($vars['ipAddresses']));
    });

    $h->add('ClientArea shows a postpaid service\'s usage of the period so far', static function () use ($w, $call, $postpaid, $client) {
        $w->at('2026-11-03T12:30:00Z');
        $w->snapshot();
        $w->at('2026-11-03T13:00:00Z');
        $w->aggregate();
        $vars = $call('ClientArea', $w->service($postpaid, $client, $w->product('postpaid')))['templateVariables'];
        Check::same('', $vars['error'], 'error');
        Check::same('2026-11', $vars['usage']['period'], 'period');
        Check::true($vars['usage']['runtimeHours'] >= 2 && $vars['usage']['totalTokens'] > 0, 'hours and tokens so far: ' . json_encode($vars['usage']));
    });

    $h->add('MetricProvider reports runtime hours and tokens of metered services only', static function () use ($w, $call, $metered, $otherClient) {
        $provider = $call('MetricProvider', $w->server());
        Check::same([MetricsProvider::RUNTIME_HOURS, MetricsProvider::TOKENS], array_keys($provider->metrics()), 'metrics');
        $usage = $provider->usage();
        $tenant = "svc{$metered}.example.test";
        Check::same([$tenant], array_keys($usage), 'tenants (the metered service\'s domain only)');
        $hours = $usage[$tenant][MetricsProvider::RUNTIME_HOURS]->usage()->value();
        $tokens = $usage[$tenant][MetricsProvider::TOKENS]->usage()->value();
        Check::true($hours >= 2 && $tokens > 0, "hours {$hours}, tokens {$tokens}");
        Check::same($tokens, $provider->tenantUsage($tenant)[MetricsProvider::TOKENS]->usage()->value(), 'tenantUsage');
        Check::same(0, $provider->tenantUsage('svc101.example.test')[MetricsProvider::TOKENS]->usage()->value(), 'a postpaid tenant reports 0');
    });

    $h->add('client area buttons stop, start and restart succeed', static function () use ($w, $call, $postpaid, $client) {
        foreach (['stop', 'start', 'restart'] as $button) {
            $w->touch($postpaid);
            Check::same('success', $call($button, $w->service($postpaid, $client, $w->product('postpaid'))), $button);
        }
    });

    $h->add('suspend, unsuspend, suspend again are three actions, not a replay', static function () use ($w, $call, $postpaid, $client) {
        $params = static fn () => $w->service($postpaid, $client, $w->product('postpaid'));
        foreach (['SuspendAccount' => 'suspended', 'UnsuspendAccount' => 'active', 'SuspendAccount ' => 'suspended'] as $function => $state) {
            Check::same('success', $call(trim($function), $params()), $function);
            Check::same($state, $w->view($postpaid)['state'], "state after {$function}");
            $w->touch($postpaid);
        }
    });

    $h->add('a retry with the same updated_at replays the first answer', static function () use ($w, $call, $postpaid, $client) {
        $params = $w->service($postpaid, $client, $w->product('postpaid'));
        Check::same('success', $call('UnsuspendAccount', $params), 'unsuspend');
        $updated = $w->view($postpaid)['updatedAt'];
        Check::same('success', $call('UnsuspendAccount', $params), 'the retry');
        Check::same($updated, $w->view($postpaid)['updatedAt'], 'the service was not changed again');
        $w->touch($postpaid);
    });

    $h->add('ChangePackage moves the server to the product\'s new plan', static function () use ($w, $call, $postpaid, $client) {
        Check::same('success', $call('ChangePackage', $w->service($postpaid, $client, $w->product('postpaid', 2, true))), 'ChangePackage');
        Check::same(2, $w->view($postpaid)['planId'], 'plan');
        $w->touch($postpaid);
    });

    $h->add('ChangePassword has SolusIO reset the root password', static function () use ($w, $call, $postpaid, $client) {
        Check::same('success', $call('ChangePassword', $w->service($postpaid, $client, $w->product('postpaid', 2, true))), 'ChangePassword');
        $w->touch($postpaid);
    });

    $h->add('TerminateAccount ends the service; run again it still answers success', static function () use ($w, $call, $postpaid, $client) {
        Check::same('success', $call('TerminateAccount', $w->service($postpaid, $client, $w->product('postpaid', 2, true))), 'TerminateAccount');
        Check::same(['terminated', []], [$w->view($postpaid)['state'], $w->view($postpaid)['ipAddresses'] ?? null], 'state and IPs');
        $w->touch($postpaid);
        Check::same('success', $call('TerminateAccount', $w->service($postpaid, $client, $w->product('postpaid', 2, true))), 'again');
    });

    registerErrorCases($h, $w, $call);
}
