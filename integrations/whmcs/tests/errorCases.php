<?php

/** Failures as WHMCS shows them: the bridge's code and message, never an exception or a warning. */
function registerErrorCases(Harness $h, TestWorld $w, callable $call): void
{
    $h->add('an action on a terminated service shows service_terminated', static function () use ($w, $call) {
        $answer = $call('SuspendAccount', $w->service(101, 42, $w->product('postpaid')));
        Check::startsWith('Bridge error service_terminated (HTTP 409): ', $answer, 'SuspendAccount');
    });

    $h->add('CreateAccount with a plan SolusIO lacks shows solusio_rejected', static function () use ($w, $call) {
        $answer = $call('CreateAccount', $w->service(104, 42, $w->product('postpaid', 99)));
        Check::startsWith('Bridge error solusio_rejected (HTTP 422): ', $answer, 'CreateAccount');
    });

    $h->add('CreateAccount in an installation the bridge lacks shows unknown_installation', static function () use ($w, $call) {
        $answer = $call('CreateAccount', $w->service(106, 42, $w->product('postpaid', 1, false, 'ap')));
        Check::startsWith('Bridge error unknown_installation (HTTP 400): ', $answer, 'CreateAccount');
        try {
            $call('PlanLoader', $w->server() + ['configoption8' => 'ap']);
            throw new \RuntimeException('the loader did not fail');
        } catch (\Exception $error) {
            Check::startsWith('Bridge error unknown_installation (HTTP 400): ', $error->getMessage(), 'PlanLoader');
        }
    });

    $h->add('a service the bridge does not know shows not_found', static function () use ($w, $call) {
        Check::startsWith('Bridge error not_found (HTTP 404): ', $call('SuspendAccount', $w->service(999, 42, $w->product('postpaid'))), 'SuspendAccount');
        $fields = $call('AdminServicesTabFields', $w->service(999, 42, $w->product('postpaid')));
        Check::startsWith('Bridge error not_found (HTTP 404): ', $fields['Bridge state'], 'AdminServicesTabFields');
        $area = $call('ClientArea', $w->service(999, 42, $w->product('postpaid')));
        Check::startsWith('Bridge error not_found (HTTP 404): ', $area['templateVariables']['error'], 'ClientArea');
    });

    $h->add('an unreachable bridge shows bridge_unreachable', static function () use ($w, $call) {
        $answer = $call('UnsuspendAccount', $w->service(103, 42, $w->product('prepaid'), ['serverhostname' => $w->unreachableUrl]));
        Check::startsWith('Bridge error bridge_unreachable: No answer from the bridge at ', $answer, 'UnsuspendAccount');
        $test = $call('TestConnection', $w->server(['serverhostname' => $w->unreachableUrl]));
        Check::startsWith('Bridge error bridge_unreachable: ', $test['error'], 'TestConnection');
        try {
            $call('PlanLoader', $w->server(['serverhostname' => $w->unreachableUrl]));
            throw new \RuntimeException('PlanLoader did not throw');
        } catch (\Exception $error) {
            Check::startsWith('Bridge error bridge_unreachable: ', $error->getMessage(), 'PlanLoader');
        }
    });

    $h->add('missing server settings show module_config', static function () use ($w, $call) {
        $answer = $call('SuspendAccount', $w->service(103, 42, $w->product('prepaid'), ['serveraccesshash' => '', 'serverpassword' => '']));
        Check::startsWith('Bridge error module_config: The WHMCS server has no bridge API key', $answer, 'no key');
        $answer = $call('CreateAccount', $w->service(105, 42, ['configoption1' => ''] + $w->product('prepaid')));
        Check::startsWith('Bridge error module_config: The product has no Plan set', $answer, 'no plan');
    });

    $h->add('every bridge call is in the module log, the API key never', static function () use ($w) {
        $log = $GLOBALS['solusbridgeModuleLog'];
        Check::true(count($log) >= 20, 'logged calls: ' . count($log));
        $actions = array_unique(array_column($log, 'action'));
        foreach (['CreateAccount', 'SuspendAccount', 'UnsuspendAccount', 'TerminateAccount', 'ChangePackage', 'ChangePassword', 'TestConnection', 'ClientArea', 'AdminServicesTabFields', 'MetricProvider', 'ConfigOptions', 'Start', 'Stop', 'Restart'] as $action) {
            Check::true(in_array($action, $actions, true), "no {$action} in the module log");
        }
        foreach ($log as $entry) {
            Check::same('solusbridge', $entry['module'], 'module');
            Check::true($entry['replaceVars'] !== [], 'the call\'s key is handed to WHMCS to scrub');
            $text = json_encode([$entry['requestString'], $entry['responseData'], $entry['processedData']], JSON_UNESCAPED_SLASHES);
            foreach (array_merge([$w->apiKey], $entry['replaceVars']) as $secret) {
                Check::true(!str_contains($text, $secret), "a key is in a {$entry['action']} log entry");
            }
        }
        $writes = array_filter($log, static fn ($entry) => str_starts_with($entry['requestString'], 'POST') || str_starts_with($entry['requestString'], 'DELETE'));
        foreach ($writes as $entry) {
            Check::true(preg_match('/^Idempotency-Key: whmcs-[0-9a-f]{64}$/m', $entry['requestString']) === 1, 'a write without an Idempotency-Key: ' . $entry['requestString']);
        }
    });

    $h->add('no PHP warning, notice or deprecation', static function () use ($h) {
        Check::same([], $h->phpDiagnostics, 'PHP diagnostics');
    });
}
