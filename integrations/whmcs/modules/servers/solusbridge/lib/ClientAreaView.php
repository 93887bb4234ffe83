<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * The client area's overview tab: the server's state and IP addresses, and for a postpaid or
 * metered service the current period's usage so far (hours, tokens, amount). A bridge that does
 * not answer gives the tab an error line instead of a broken page.
 */
final class ClientAreaView
{
    public const TEMPLATE = 'templates/overview.tpl';

    public static function render(array $params): array
    {
        $variables = ['state' => '', 'ipAddresses' => [], 'billingMode' => '', 'usage' => null, 'error' => ''];
        try {
            $service = ServiceContext::of($params);
            $client = BridgeClient::fromParams($params);
            $view = $client->get($service->path(), 'ClientArea');
            $variables['state'] = (string) ($view['state'] ?? '');
            $variables['ipAddresses'] = array_values(array_map('strval', $view['ipAddresses'] ?? []));
            $variables['billingMode'] = (string) ($view['billingMode'] ?? '');
            $serverId = (int) ($view['serverId'] ?? 0);
            if ($variables['billingMode'] !== 'prepaid' && $serverId > 0) {
                $variables['usage'] = self::usage($client, $service->clientId(), $serverId);
            }
        } catch (BridgeError $error) {
            $variables['error'] = $error->forStaff();
        } catch (\Throwable $error) {
            $variables['error'] = 'Module error: ' . $error->getMessage();
        }
        return ['tabOverviewReplacementTemplate' => self::TEMPLATE, 'templateVariables' => $variables];
    }

    private static function usage(BridgeClient $client, int $clientId, int $serverId): array
    {
        $line = Usage::serverLine($client, $clientId, $serverId, 'ClientArea');
        return [
            'period' => Clock::period(),
            'runtimeHours' => (int) ($line['runtimeHours'] ?? 0),
            'totalTokens' => (int) ($line['totalTokens'] ?? 0),
            'amount' => Usage::formatMoney($line['money'] ?? []),
        ];
    }
}
