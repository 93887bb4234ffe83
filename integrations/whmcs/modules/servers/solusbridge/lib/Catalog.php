<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * The drop-downs of the product's Module Settings, from the bridge's `GET /v1/catalog`. WHMCS
 * calls a Loader with the product's server settings and shows the answer (value => label); a
 * thrown exception is shown as the loader's error, so the message names the bridge's code.
 */
final class Catalog
{
    public static function plans(array $params): array
    {
        $options = [];
        foreach (self::catalog($params)['plans'] ?? [] as $plan) {
            $price = isset($plan['tokensPerHour']) ? " ({$plan['tokensPerHour']} tokens/h)" : '';
            $options[(string) $plan['id']] = $plan['name'] . $price;
        }
        return $options;
    }

    public static function locations(array $params): array
    {
        $options = [];
        foreach (self::catalog($params)['locations'] ?? [] as $location) {
            $options[(string) $location['id']] = (string) $location['name'];
        }
        return $options;
    }

    /** OS image versions: their ids are what a create takes. "0" leaves the choice to the application. */
    public static function osImages(array $params): array
    {
        $options = ['0' => 'None (use the application)'];
        foreach (self::catalog($params)['osImages'] ?? [] as $image) {
            foreach ($image['versions'] ?? [] as $version) {
                $options[(string) $version['id']] = $image['name'] . ' ' . $version['version'];
            }
        }
        return $options;
    }

    public static function applications(array $params): array
    {
        $options = ['0' => 'None (use the OS image)'];
        foreach (self::catalog($params)['applications'] ?? [] as $application) {
            $options[(string) $application['id']] = (string) $application['name'];
        }
        return $options;
    }

    private static function catalog(array $params): array
    {
        try {
            return BridgeClient::fromParams($params)->get('/v1/catalog', 'ConfigOptions');
        } catch (BridgeError $error) {
            throw new \Exception($error->forStaff());
        }
    }
}
