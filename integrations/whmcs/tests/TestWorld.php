<?php

use WHMCS\Module\Server\Solusbridge\Clock;

/**
 * What WHMCS would hand the module: server settings, products, services with their clients, and
 * the service model whose updated_at WHMCS changes on every status change. Also the local stack's
 * test controls: the simulator's clock, snapshot and aggregation runs.
 */
final class TestWorld
{
    /** WHMCS updates a service row (and so updated_at) after each action; the tests do likewise. */
    private array $updatedAt = [];
    private int $tick = 0;

    public function __construct(
        public readonly string $bridgeUrl,
        public readonly string $apiKey,
        private readonly string $simUrl,
        public readonly string $unreachableUrl,
    ) {
    }

    public function server(array $overrides = []): array
    {
        return array_merge([
            'server' => true, 'serverid' => 1, 'serverip' => '', 'serverhostname' => $this->bridgeUrl,
            'serverusername' => '', 'serverpassword' => '', 'serveraccesshash' => $this->apiKey,
            'serversecure' => false, 'serverport' => '',
        ], $overrides);
    }

    /** Module Settings of a product: plan 1, location 1, OS image version 1, no application, Installation as given (unset: none). */
    public function product(string $billingMode, int $planId = 1, bool $backups = false, string $installation = ''): array
    {
        return [
            'configoption1' => (string) $planId, 'configoption2' => '1', 'configoption3' => '1', 'configoption4' => '0',
            'configoption5' => $backups ? 'on' : '', 'configoption6' => '1', 'configoption7' => $billingMode, 'configoption8' => $installation,
        ];
    }

    /** The $params of a module call for service `$id` of client `$clientId`. */
    public function service(int $id, int $clientId, array $product, array $serverOverrides = []): array
    {
        return array_merge($this->server($serverOverrides), $product, [
            'serviceid' => $id, 'userid' => $clientId, 'pid' => 1, 'domain' => "svc{$id}.example.test",
            'username' => '', 'password' => 'Pa55word-' . $id, 'status' => 'Active',
            'clientsdetails' => ['id' => $clientId, 'userid' => $clientId, 'email' => "client{$clientId}@example.test", 'firstname' => 'Jane', 'lastname' => 'Doe'],
            'customfields' => [], 'configoptions' => [],
            'model' => new StubServiceModel($this->updatedAt[$id] ?? '2026-11-03 10:00:00'),
        ]);
    }

    /** WHMCS saved the service (a status change): its model's updated_at moves on. */
    public function touch(int $id): void
    {
        $this->tick += 1;
        $this->updatedAt[$id] = sprintf('2026-11-03 14:%02d:%02d', intdiv($this->tick, 60), $this->tick % 60);
    }

    public function bridge(string $method, string $path): array
    {
        return TestHttp::call($method, $this->bridgeUrl . $path, null, ['Authorization: Bearer ' . $this->apiKey]);
    }

    public function view(int $id): array
    {
        [$status, $json] = $this->bridge('GET', "/v1/services/whmcs-{$id}");
        Check::same(200, $status, "GET service {$id}");
        return $json;
    }

    public function at(string $instant): void
    {
        [$status] = TestHttp::call('PUT', "{$this->simUrl}/_sim/clock", ['now' => $instant]);
        Check::same(200, $status, 'setting the simulator clock');
        Clock::fixAt($instant);
    }

    public function snapshot(): void
    {
        $this->invoke('snapshot-servers');
    }

    public function aggregate(): void
    {
        $this->invoke('aggregate-usage');
    }

    private function invoke(string $name): void
    {
        [$status, $json] = TestHttp::call('POST', "{$this->bridgeUrl}/_local/invoke/{$name}", ['time' => Clock::now()->format('Y-m-d\TH:i:s.v\Z')]);
        Check::same(200, $status, "{$name}: " . json_encode($json));
    }
}
