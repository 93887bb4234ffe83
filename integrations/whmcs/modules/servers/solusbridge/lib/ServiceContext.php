<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * What one WHMCS module call says about its service, in the bridge's terms. WHMCS keeps the
 * state: the service id names the bridge service (`whmcs-<serviceid>`), the client id is the
 * bridge customer's billingClientId; everything else the bridge answers itself.
 */
final class ServiceContext
{
    public const BILLING_MODES = ['prepaid', 'postpaid', 'metered'];

    private function __construct(private readonly array $params)
    {
    }

    public static function of(array $params): self
    {
        return new self($params);
    }

    public function serviceRef(): string
    {
        $id = (int) ($this->params['serviceid'] ?? 0);
        if ($id <= 0) {
            throw new BridgeError('module_config', 'WHMCS passed no service id');
        }
        return 'whmcs-' . $id;
    }

    public function path(string $suffix = ''): string
    {
        return '/v1/services/' . rawurlencode($this->serviceRef()) . $suffix;
    }

    /**
     * The Idempotency-Key of an action: the service, the action and when WHMCS last changed the
     * service. A retry of one attempt replays the bridge's first answer; the next suspend after an
     * unsuspend is a new action because WHMCS changed the service in between. Without the model's
     * updated_at (WHMCS before 8 or a caller that does not pass it) the current UTC minute stands in.
     */
    public function idempotencyKey(string $action): string
    {
        $version = $this->updatedAt() ?? ('minute:' . Clock::now()->format('Y-m-d\TH:i'));
        return 'whmcs-' . hash('sha256', implode("\n", [$this->serviceRef(), $action, $version]));
    }

    private function updatedAt(): ?string
    {
        $model = $this->params['model'] ?? null;
        if (!is_object($model)) {
            return null;
        }
        $value = $model->updated_at ?? null;
        if ($value instanceof \DateTimeInterface) {
            return $value->format('Y-m-d H:i:s');
        }
        return is_scalar($value) && (string) $value !== '' ? (string) $value : null;
    }

    /** Product setting `configoption<n>` as a positive id, or null when unset / "none". */
    public function optionId(int $n): ?int
    {
        $value = trim((string) ($this->params['configoption' . $n] ?? ''));
        if ($value === '' || !ctype_digit($value) || (int) $value <= 0) {
            return null;
        }
        return (int) $value;
    }

    public function planId(): int
    {
        return $this->requiredOption(1, 'Plan');
    }

    public function backups(): bool
    {
        return in_array(strtolower(trim((string) ($this->params['configoption5'] ?? ''))), ['on', 'yes', '1', 'true'], true);
    }

    public function additionalIps(): int
    {
        $value = (int) ($this->params['configoption6'] ?? 0);
        return max(0, min(16, $value));
    }

    public function billingMode(): string
    {
        $mode = strtolower(trim((string) ($this->params['configoption7'] ?? '')));
        return in_array($mode, self::BILLING_MODES, true) ? $mode : 'prepaid';
    }

    /**
     * The product's SolusIO installation (Module Settings > Installation, configoption8), or null
     * when unset or "none": the create leaves it out, which the bridge takes when it has one installation.
     */
    public function installation(): ?string
    {
        $value = strtolower(trim((string) ($this->params['configoption8'] ?? '')));
        return $value === '' || $value === Catalog::NO_INSTALLATION ? null : $value;
    }

    public function clientId(): int
    {
        // `userid` is tblclients.id (WHMCS kept the pre-8.0 name); clientsdetails carries it too.
        return (int) ($this->params['userid'] ?? $this->params['clientsdetails']['id'] ?? $this->params['clientsdetails']['userid'] ?? 0);
    }

    /** The body of `POST /v1/services`. */
    public function createBody(): array
    {
        $email = trim((string) ($this->params['clientsdetails']['email'] ?? ''));
        if ($email === '' || $this->clientId() <= 0) {
            throw new BridgeError('module_config', 'The service has no client e-mail or client id');
        }
        $body = [
            'serviceRef' => $this->serviceRef(),
            'customer' => ['email' => $email, 'billingClientId' => $this->clientId()],
            'planId' => $this->planId(),
            'locationId' => $this->requiredOption(2, 'Location'),
            'hostname' => $this->hostname(),
            'backups' => $this->backups(),
            'additionalIps' => $this->additionalIps(),
            'billingMode' => $this->billingMode(),
        ];
        $installation = $this->installation();
        if ($installation !== null) {
            $body['installation'] = $installation;
        }
        $osImage = $this->optionId(3);
        $application = $this->optionId(4);
        if ($osImage === null && $application === null) {
            throw new BridgeError('module_config', 'The product sets neither an OS image nor an application (Module Settings)');
        }
        if ($application !== null) {
            $body['applicationId'] = $application;
        } else {
            $body['osImageId'] = $osImage;
        }
        $password = (string) ($this->params['password'] ?? '');
        if (strlen($password) >= 8) {
            $body['password'] = $password;
        }
        return $body;
    }

    /** The service's domain as the server's host name; `vps<serviceid>` when the order has none. */
    public function hostname(): string
    {
        $domain = strtolower(trim((string) ($this->params['domain'] ?? '')));
        return $domain !== '' ? $domain : 'vps' . (int) ($this->params['serviceid'] ?? 0);
    }

    private function requiredOption(int $n, string $label): int
    {
        $id = $this->optionId($n);
        if ($id === null) {
            throw new BridgeError('module_config', "The product has no {$label} set (Products/Services > Module Settings)");
        }
        return $id;
    }
}
