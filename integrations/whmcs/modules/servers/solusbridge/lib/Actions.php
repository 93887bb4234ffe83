<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * The provisioning actions WHMCS calls, each one bridge call (two for a package change). Every
 * method answers WHMCS's convention: "success", or a message staff can act on.
 */
final class Actions
{
    public static function create(array $params): string
    {
        return self::guard(static function () use ($params): string {
            $service = ServiceContext::of($params);
            $answer = BridgeClient::fromParams($params)->write('POST', '/v1/services', $service->createBody(), $service->idempotencyKey('create'), 'CreateAccount');
            return self::expectState($answer, ['creating', 'provisioning', 'active']);
        });
    }

    public static function suspend(array $params): string
    {
        return self::post($params, '/suspend', 'SuspendAccount', 'suspend', ['suspended']);
    }

    public static function unsuspend(array $params): string
    {
        return self::post($params, '/unsuspend', 'UnsuspendAccount', 'unsuspend', ['active']);
    }

    public static function terminate(array $params): string
    {
        return self::guard(static function () use ($params): string {
            $service = ServiceContext::of($params);
            $answer = BridgeClient::fromParams($params)->write('DELETE', $service->path(), null, $service->idempotencyKey('terminate'), 'TerminateAccount');
            return self::expectState($answer, ['terminated']);
        });
    }

    /** SolusIO sets a new root password and mails it to the customer (the bridge's reset-password). */
    public static function changePassword(array $params): string
    {
        return self::post($params, '/reset-password', 'ChangePassword', 'reset-password', null);
    }

    /** The product's plan (a resize when it differs from the server's) and its backups setting. */
    public static function changePackage(array $params): string
    {
        return self::guard(static function () use ($params): string {
            $service = ServiceContext::of($params);
            $client = BridgeClient::fromParams($params);
            $current = $client->get($service->path(), 'ChangePackage');
            $planId = $service->planId();
            if ((int) ($current['planId'] ?? 0) !== $planId) {
                $client->write('POST', $service->path('/change-plan'), ['planId' => $planId], $service->idempotencyKey("change-plan:{$planId}"), 'ChangePackage');
            }
            $backups = $service->backups();
            $client->write('PATCH', $service->path(), ['backups' => $backups], $service->idempotencyKey('backups:' . ($backups ? 'on' : 'off')), 'ChangePackage');
            return 'success';
        });
    }

    public static function start(array $params): string
    {
        return self::post($params, '/start', 'Start', 'start', null);
    }

    public static function stop(array $params): string
    {
        return self::post($params, '/stop', 'Stop', 'stop', null);
    }

    public static function restart(array $params): string
    {
        return self::post($params, '/restart', 'Restart', 'restart', null);
    }

    /** Proves the URL, the key and both scopes: the catalog (provisioning) and the periods (usage:read). */
    public static function testConnection(array $params): array
    {
        try {
            $client = BridgeClient::fromParams($params);
            $client->get('/v1/catalog', 'TestConnection');
            $client->get('/v1/periods', 'TestConnection');
            return ['success' => true, 'error' => ''];
        } catch (BridgeError $error) {
            return ['success' => false, 'error' => $error->forStaff()];
        } catch (\Throwable $error) {
            return ['success' => false, 'error' => 'Module error: ' . $error->getMessage()];
        }
    }

    /** The admin area's service tab: what the bridge knows of the service. */
    public static function adminTabFields(array $params): array
    {
        try {
            $service = ServiceContext::of($params);
            $view = BridgeClient::fromParams($params)->get($service->path(), 'AdminServicesTabFields');
            return [
                'Bridge service' => htmlspecialchars($service->serviceRef()),
                'Bridge state' => htmlspecialchars((string) ($view['state'] ?? '')),
                'Billing mode' => htmlspecialchars((string) ($view['billingMode'] ?? '')),
                'SolusIO server id' => htmlspecialchars((string) ($view['serverId'] ?? '-')),
                'IP addresses' => htmlspecialchars(implode(', ', $view['ipAddresses'] ?? [])),
                'Last failure' => htmlspecialchars((string) ($view['failureReason'] ?? '') ?: '-'),
            ];
        } catch (BridgeError $error) {
            return ['Bridge state' => htmlspecialchars($error->forStaff())];
        } catch (\Throwable $error) {
            return ['Bridge state' => htmlspecialchars('Module error: ' . $error->getMessage())];
        }
    }

    private static function post(array $params, string $suffix, string $logAction, string $action, ?array $expected): string
    {
        return self::guard(static function () use ($params, $suffix, $logAction, $action, $expected): string {
            $service = ServiceContext::of($params);
            $answer = BridgeClient::fromParams($params)->write('POST', $service->path($suffix), null, $service->idempotencyKey($action), $logAction);
            return $expected === null ? 'success' : self::expectState($answer, $expected);
        });
    }

    private static function expectState(array $answer, array $expected): string
    {
        $state = (string) ($answer['state'] ?? '');
        if (in_array($state, $expected, true)) {
            return 'success';
        }
        $reason = (string) ($answer['failureReason'] ?? '');
        return "The bridge left the service {$state}" . ($reason !== '' ? ": {$reason}" : '') . ' (expected ' . implode(' or ', $expected) . ')';
    }

    /** Runs an action; a failure becomes the message WHMCS shows, never an exception or a warning. */
    private static function guard(callable $action): string
    {
        try {
            return $action();
        } catch (BridgeError $error) {
            return $error->forStaff();
        } catch (\Throwable $error) {
            return 'Module error: ' . $error->getMessage();
        }
    }
}
