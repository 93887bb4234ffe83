<?php

namespace WHMCS\Module\Server\Solusbridge;

/**
 * A bridge call that did not succeed: the bridge's own error `code` and `message` when it answered
 * with one, else a code of ours (`bridge_unreachable`, `bridge_bad_answer`, `module_config`).
 */
class BridgeError extends \RuntimeException
{
    public function __construct(
        public readonly string $errorCode,
        string $message,
        public readonly int $httpStatus = 0,
        public readonly ?int $retryAfterSeconds = null,
    ) {
        parent::__construct($message);
    }

    /** The line WHMCS shows staff: what failed and what to do about it. */
    public function forStaff(): string
    {
        $status = $this->httpStatus > 0 ? " (HTTP {$this->httpStatus})" : '';
        $retry = $this->retryAfterSeconds !== null ? " Retry in {$this->retryAfterSeconds} s." : '';
        return "Bridge error {$this->errorCode}{$status}: {$this->getMessage()}{$retry}";
    }
}
