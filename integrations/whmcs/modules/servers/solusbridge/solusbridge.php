<?php

/**
 * SolusIO through the solus-billing-bridge: a WHMCS 8.x provisioning module. Copy this folder to
 * WHMCS's modules/servers/; no Composer packages, no curl extension (PHP streams). The functions
 * here only hand WHMCS's $params to the classes in lib/.
 */

use WHMCS\Module\Server\Solusbridge\Actions;
use WHMCS\Module\Server\Solusbridge\Catalog;
use WHMCS\Module\Server\Solusbridge\ClientAreaView;
use WHMCS\Module\Server\Solusbridge\MetricsProvider;

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

// WHMCS autoloads lib/ for this namespace; loading them here as well keeps the module working
// wherever that autoloader is absent (and require_once never loads a file twice).
foreach (['BridgeError', 'BridgeClient', 'Clock', 'ServiceContext', 'Usage', 'Actions', 'Catalog', 'ClientAreaView'] as $solusbridgeClass) {
    require_once __DIR__ . '/lib/' . $solusbridgeClass . '.php';
}
unset($solusbridgeClass);

function solusbridge_MetaData()
{
    return [
        'DisplayName' => 'SolusIO (billing bridge)',
        'APIVersion' => '1.1',
        'RequiresServer' => true,
        'DefaultNonSSLPort' => '80',
        'DefaultSSLPort' => '443',
        'ServiceSingleSignOnLabel' => false,
        'AdminSingleSignOnLabel' => false,
    ];
}

/** Product Module Settings: configoption1..8 in this order (Installation came last, so older products keep theirs). */
function solusbridge_ConfigOptions()
{
    return [
        'Plan' => ['Type' => 'text', 'Size' => '25', 'Loader' => 'solusbridge_PlanLoader', 'SimpleMode' => true, 'Description' => 'SolusIO plan'],
        'Location' => ['Type' => 'text', 'Size' => '25', 'Loader' => 'solusbridge_LocationLoader', 'SimpleMode' => true],
        'OS Image' => ['Type' => 'text', 'Size' => '25', 'Loader' => 'solusbridge_OsImageLoader', 'SimpleMode' => true, 'Description' => 'an OS image version, or None with an application'],
        'Application' => ['Type' => 'text', 'Size' => '25', 'Loader' => 'solusbridge_ApplicationLoader', 'SimpleMode' => true, 'Description' => 'wins over the OS image when set'],
        'Backups' => ['Type' => 'yesno', 'SimpleMode' => true, 'Description' => 'SolusIO backups for the server'],
        'Additional IPs' => ['Type' => 'dropdown', 'Options' => implode(',', range(0, 16)), 'Default' => '0', 'SimpleMode' => true, 'Description' => 'IPv4 addresses besides the primary one'],
        'Billing Mode' => [
            'Type' => 'dropdown',
            'Options' => 'prepaid,postpaid,metered',
            'Description' => 'prepaid: WHMCS bills the recurring price; postpaid: the bridge invoices usage; metered: WHMCS Usage Billing prices it',
            'Default' => 'prepaid',
            'SimpleMode' => true,
        ],
        'Installation' => [
            'Type' => 'text',
            'Size' => '25',
            'Loader' => 'solusbridge_InstallationLoader',
            'SimpleMode' => true,
            'Description' => 'the SolusIO installation to create in; None when the bridge has one',
        ],
    ];
}

function solusbridge_InstallationLoader(array $params)
{
    return Catalog::installations($params);
}

function solusbridge_PlanLoader(array $params)
{
    return Catalog::plans($params);
}

function solusbridge_LocationLoader(array $params)
{
    return Catalog::locations($params);
}

function solusbridge_OsImageLoader(array $params)
{
    return Catalog::osImages($params);
}

function solusbridge_ApplicationLoader(array $params)
{
    return Catalog::applications($params);
}

function solusbridge_CreateAccount(array $params)
{
    return Actions::create($params);
}

function solusbridge_SuspendAccount(array $params)
{
    return Actions::suspend($params);
}

function solusbridge_UnsuspendAccount(array $params)
{
    return Actions::unsuspend($params);
}

function solusbridge_TerminateAccount(array $params)
{
    return Actions::terminate($params);
}

function solusbridge_ChangePackage(array $params)
{
    return Actions::changePackage($params);
}

function solusbridge_ChangePassword(array $params)
{
    return Actions::changePassword($params);
}

function solusbridge_TestConnection(array $params)
{
    return Actions::testConnection($params);
}

function solusbridge_ClientAreaCustomButtonArray()
{
    return ['Start' => 'start', 'Stop' => 'stop', 'Restart' => 'restart'];
}

function solusbridge_AdminCustomButtonArray()
{
    return ['Start' => 'start', 'Stop' => 'stop', 'Restart' => 'restart'];
}

function solusbridge_start(array $params)
{
    return Actions::start($params);
}

function solusbridge_stop(array $params)
{
    return Actions::stop($params);
}

function solusbridge_restart(array $params)
{
    return Actions::restart($params);
}

function solusbridge_AdminServicesTabFields(array $params)
{
    return Actions::adminTabFields($params);
}

function solusbridge_ClientArea(array $params)
{
    return ClientAreaView::render($params);
}

/** WHMCS Usage Billing (7.9+). Loaded on demand: its interface exists only inside WHMCS. */
function solusbridge_MetricProvider(array $params)
{
    require_once __DIR__ . '/lib/MetricsProvider.php';
    return new MetricsProvider($params);
}
