<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * The bridge's HTTP API over PHP streams (no curl, no Composer): JSON in and out, a timeout on
 * every call, an Idempotency-Key on writes, each call written to WHMCS's module log with the API
 * key scrubbed. Any failure becomes a BridgeError; no PHP warning escapes.
 */
class BridgeClient
{
    public const MODULE = 'solusbridge';

    /** The bridge answers within API Gateway's 30 s; a little more covers the network. */
    public const DEFAULT_TIMEOUT_SECONDS = 35;

    public function __construct(
        private readonly string $baseUrl,
        private readonly string $apiKey,
        private readonly int $timeoutSeconds = self::DEFAULT_TIMEOUT_SECONDS,
    ) {
    }

    /**
     * From WHMCS's server settings: hostname (a full URL, or a host name with the server's
     * secure flag and port), and the API key in the access hash or, failing that, the password.
     */
    public static function fromParams(array $params): self
    {
        $host = trim((string) ($params['serverhostname'] ?? ''));
        if ($host === '') {
            $host = trim((string) ($params['serverip'] ?? ''));
        }
        if ($host === '') {
            throw new BridgeError('module_config', 'The WHMCS server has no hostname: set it to the bridge URL, e.g. https://bridge.example.com');
        }
        if (!preg_match('#^https?://#i', $host)) {
            $secure = !array_key_exists('serversecure', $params) || !in_array($params['serversecure'], [false, '', '0', 0, 'off'], true);
            $port = (string) ($params['serverport'] ?? '');
            $host = ($secure ? 'https://' : 'http://') . $host . ($port !== '' && $port !== '0' ? ":{$port}" : '');
        }
        $key = trim((string) ($params['serveraccesshash'] ?? ''));
        if ($key === '') {
            $key = trim((string) ($params['serverpassword'] ?? ''));
        }
        if ($key === '') {
            throw new BridgeError('module_config', 'The WHMCS server has no bridge API key: put a key with scope provisioning,usage:read in its access hash or password');
        }
        return new self(rtrim($host, '/'), $key);
    }

    public function baseUrl(): string
    {
        return $this->baseUrl;
    }

    /** GET; answers the decoded JSON object. */
    public function get(string $path, string $logAction): array
    {
        return $this->send('GET', $path, null, null, $logAction);
    }

    /** A write with an Idempotency-Key; answers the decoded JSON object. */
    public function write(string $method, string $path, ?array $body, string $idempotencyKey, string $logAction): array
    {
        return $this->send($method, $path, $body, $idempotencyKey, $logAction);
    }

    private function send(string $method, string $path, ?array $body, ?string $idempotencyKey, string $logAction): array
    {
        $url = $this->baseUrl . $path;
        $headers = ['Authorization: Bearer ' . $this->apiKey, 'Accept: application/json'];
        if ($idempotencyKey !== null) {
            $headers[] = 'Idempotency-Key: ' . $idempotencyKey;
        }
        $payload = null;
        if ($body !== null) {
            $payload = json_encode($body, JSON_UNESCAPED_SLASHES);
            $headers[] = 'Content-Type: application/json';
        }
        $context = stream_context_create([
            'http' => [
                'method' => $method,
                'header' => implode("\r\n", $headers),
                'content' => $payload ?? '',
                'timeout' => $this->timeoutSeconds,
                'ignore_errors' => true,
                'follow_location' => 0,
                'protocol_version' => 1.1,
            ],
        ]);
        $request = trim("{$method} {$url}" . ($idempotencyKey !== null ? "\nIdempotency-Key: {$idempotencyKey}" : '') . ($payload !== null ? "\n{$payload}" : ''));

        [$status, $responseHeaders, $text, $failure] = $this->transfer($url, $context);
        if ($failure !== null) {
            $error = new BridgeError('bridge_unreachable', "No answer from the bridge at {$this->baseUrl}: {$failure}. Check the server's hostname and that the bridge is up.");
            $this->log($logAction, $request, $failure, $error->forStaff());
            throw $error;
        }
        $json = json_decode($text, true);
        if ($status >= 200 && $status < 300 && is_array($json)) {
            $this->log($logAction, $request, "HTTP {$status}\n{$text}", $json);
            return $json;
        }
        $error = $this->errorOf($status, $responseHeaders, $json, $text);
        $this->log($logAction, $request, "HTTP {$status}\n{$text}", $error->forStaff());
        throw $error;
    }

    /** @return array{0:int,1:array<int,string>,2:string,3:?string} status, headers, body, or why it failed */
    private function transfer(string $url, $context): array
    {
        $warning = null;
        // Stream failures come as warnings: turn them into a message instead of output.
        set_error_handler(static function (int $severity, string $message) use (&$warning): bool {
            $warning = $message;
            return true;
        });
        try {
            $text = file_get_contents($url, false, $context);
            $responseHeaders = $http_response_header ?? [];
        } finally {
            restore_error_handler();
        }
        if ($text === false || $responseHeaders === []) {
            return [0, [], '', $this->shortReason($warning ?? 'the connection failed')];
        }
        $status = 0;
        // With redirects off the first line is the answer's own status line.
        if (preg_match('#^HTTP/\S+\s+(\d{3})#', (string) $responseHeaders[0], $match)) {
            $status = (int) $match[1];
        }
        return [$status, $responseHeaders, $text, null];
    }

    private function shortReason(string $warning): string
    {
        $reason = preg_replace('#^file_get_contents\([^)]*\):\s*#', '', $warning) ?? $warning;
        return rtrim($reason, '.');
    }

    private function errorOf(int $status, array $headers, mixed $json, string $text): BridgeError
    {
        $retryAfter = null;
        foreach ($headers as $header) {
            if (preg_match('#^Retry-After:\s*(\d+)#i', (string) $header, $match)) {
                $retryAfter = (int) $match[1];
            }
        }
        if (is_array($json) && isset($json['error']['code'], $json['error']['message'])) {
            return new BridgeError((string) $json['error']['code'], (string) $json['error']['message'], $status, $retryAfter);
        }
        $snippet = substr(trim(strip_tags($text)), 0, 200);
        return new BridgeError('bridge_bad_answer', "The bridge answered without a JSON error: {$snippet}", $status, $retryAfter);
    }

    private function log(string $action, string $request, string $response, mixed $processed): void
    {
        if (function_exists('logModuleCall')) {
            logModuleCall(self::MODULE, $action, $request, $response, $processed, [$this->apiKey]);
        }
    }
}
