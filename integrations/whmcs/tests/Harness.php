<?php

/**
 * A small test runner: cases run in order, each prints one JSON line
 * (`{"case": name, "ok": bool, "detail": text}`), then one summary line `summary: N passed, N failed`.
 * `--list` prints the case names only (one JSON line each), running nothing.
 */
final class Harness
{
    /** @var array<int, array{0:string,1:callable}> */
    private array $cases = [];

    /** Any PHP warning, notice or deprecation the module raised during the run. */
    public array $phpDiagnostics = [];

    public function add(string $name, callable $case): void
    {
        $this->cases[] = [$name, $case];
    }

    public function run(array $argv): int
    {
        if (in_array('--list', $argv, true)) {
            foreach ($this->cases as [$name]) {
                echo json_encode(['case' => $name]), "\n";
            }
            return 0;
        }
        set_error_handler(function (int $severity, string $message, string $file, int $line): bool {
            $this->phpDiagnostics[] = "{$message} at " . basename($file) . ":{$line}";
            return true;
        });
        $passed = 0;
        $failed = 0;
        foreach ($this->cases as [$name, $case]) {
            try {
                $detail = $case();
                $ok = true;
            } catch (\Throwable $error) {
                $detail = $error->getMessage();
                $ok = false;
            }
            $ok ? $passed++ : $failed++;
            echo json_encode(['case' => $name, 'ok' => $ok, 'detail' => is_string($detail) ? $detail : ''], JSON_UNESCAPED_SLASHES), "\n";
        }
        echo "summary: {$passed} passed, {$failed} failed\n";
        return $failed === 0 ? 0 : 1;
    }
}

final class Check
{
    public static function same(mixed $expected, mixed $actual, string $what): void
    {
        if ($expected !== $actual) {
            throw new \RuntimeException("{$what}: expected " . json_encode($expected) . ', got ' . json_encode($actual));
        }
    }

    public static function startsWith(string $prefix, mixed $actual, string $what): void
    {
        if (!is_string($actual) || !str_starts_with($actual, $prefix)) {
            throw new \RuntimeException("{$what}: expected a message starting " . json_encode($prefix) . ', got ' . json_encode($actual));
        }
    }

    public static function true(bool $condition, string $what): void
    {
        if (!$condition) {
            throw new \RuntimeException($what);
        }
    }
}

/** Plain JSON over HTTP for the test's own reads and the local stack's test controls. */
final class TestHttp
{
    public static function call(string $method, string $url, ?array $body = null, array $headers = []): array
    {
        $headers[] = 'Content-Type: application/json';
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => implode("\r\n", $headers),
            'content' => $body === null ? '' : json_encode($body),
            'timeout' => 60,
            'ignore_errors' => true,
        ]]);
        $text = file_get_contents($url, false, $context);
        $status = preg_match('#^HTTP/\S+\s+(\d{3})#', $http_response_header[0] ?? '', $m) ? (int) $m[1] : 0;
        return [$status, json_decode((string) $text, true)];
    }
}
