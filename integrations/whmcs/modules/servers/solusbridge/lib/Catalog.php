<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * The drop-downs of the product's Module Settings, from the bridge's `GET /v1/catalog`. WHMCS
 * calls a Loader with the product's server settings and shows the answer (value => label); a
 * thrown exception is shown as the loader's error, so the message names the bridge's code.
 * With several SolusIO installations every label names its installation (ids repeat across
 * them: one id offered by two installations is one entry naming both); a product whose
 * Installation is set lists only that installation's items.
 */
final class Catalog
{
    /** The Installation setting's value that leaves `installation` out of a create (one installation). */
    public const NO_INSTALLATION = 'none';

    public static function installations(array $params): array
    {
        $options = [self::NO_INSTALLATION => 'None (the bridge\'s only installation)'];
        foreach (self::catalog($params, null)['installations'] ?? [] as $installation) {
            $options[(string) $installation] = (string) $installation;
        }
        return $options;
    }

    public static function plans(array $params): array
    {
        return self::options(self::catalog($params), 'plans', static function (array $plan): string {
            $price = isset($plan['tokensPerHour']) ? " ({$plan['tokensPerHour']} tokens/h)" : '';
            return $plan['name'] . $price;
        });
    }

    public static function locations(array $params): array
    {
        return self::options(self::catalog($params), 'locations', static fn (array $location): string => (string) $location['name']);
    }

    /** OS image versions: their ids are what a create takes. "0" leaves the choice to the application. */
    public static function osImages(array $params): array
    {
        $catalog = self::catalog($params);
        $versions = [];
        foreach ($catalog['osImages'] ?? [] as $image) {
            foreach ($image['versions'] ?? [] as $version) {
                $versions[] = ['id' => $version['id'], 'name' => $image['name'] . ' ' . $version['version'], 'installation' => $image['installation'] ?? null];
            }
        }
        $catalog['versions'] = $versions;
        return ['0' => 'None (use the application)'] + self::options($catalog, 'versions', static fn (array $version): string => $version['name']);
    }

    public static function applications(array $params): array
    {
        return ['0' => 'None (use the OS image)'] + self::options(self::catalog($params), 'applications', static fn (array $application): string => (string) $application['name']);
    }

    /**
     * One list of a catalog answer as value => label (pure). With several installations each label
     * names its installation, and an id that several offer is one entry listing each.
     */
    public static function options(array $catalog, string $list, callable $label): array
    {
        $several = count($catalog['installations'] ?? []) > 1;
        $labels = [];
        foreach ($catalog[$list] ?? [] as $item) {
            $text = $label($item);
            if ($several && isset($item['installation'])) {
                $text .= ' [' . $item['installation'] . ']';
            }
            $labels[(string) $item['id']][] = $text;
        }
        return array_map(static fn (array $texts): string => implode(' / ', $texts), $labels);
    }

    /** The catalog; of the product's installation only when its Module Settings name one (`$installation` null: all). */
    private static function catalog(array $params, ?string $installation = ''): array
    {
        $installation = $installation === '' ? ServiceContext::of($params)->installation() : $installation;
        $path = '/v1/catalog' . ($installation === null ? '' : '?installation=' . rawurlencode($installation));
        try {
            return BridgeClient::fromParams($params)->get($path, 'ConfigOptions');
        } catch (BridgeError $error) {
            throw new \Exception($error->forStaff());
        }
    }
}
