<?php

/**
 * The few WHMCS functions and classes the module uses, as WHMCS documents them, so the module's
 * functions run under PHP's CLI: logModuleCall (recorded for the tests to read), the Usage
 * Billing interfaces and value classes, and a service model with an updated_at.
 */

namespace {
    define('WHMCS', true);

    /** Every logModuleCall of the run: module, action, request, response, processed, replaceVars. */
    $GLOBALS['solusbridgeModuleLog'] = [];

    function logModuleCall($module, $action, $requestString, $responseData, $processedData, $replaceVars = [])
    {
        $GLOBALS['solusbridgeModuleLog'][] = compact('module', 'action', 'requestString', 'responseData', 'processedData', 'replaceVars');
    }

    /** WHMCS passes `model`, the service's Eloquent model; the module reads only updated_at. */
    class StubServiceModel
    {
        public function __construct(public string $updated_at)
        {
        }
    }
}

namespace WHMCS\UsageBilling\Contracts\Metrics {
    interface UnitInterface
    {
        public const TYPE_INT = 'int';
        public function name();
        public function perUnitName($value = 0);
        public function type();
    }

    interface UsageInterface
    {
        public function collectedAt();
        public function startAt();
        public function endAt();
        public function value();
    }

    interface MetricInterface
    {
        public const TYPE_SNAPSHOT = 'snapshot';
        public const TYPE_PERIOD_DAY = 'day';
        public const TYPE_PERIOD_MONTH = 'month';
        public function usage();
        public function withUsage(?UsageInterface $usage = null);
        public function units();
        public function systemName();
        public function displayName();
        public function type();
    }

    interface ProviderInterface
    {
        public function metrics();
        public function usage();
        public function tenantUsage($tenant);
    }
}

namespace WHMCS\UsageBilling\Metrics\Units {
    use WHMCS\UsageBilling\Contracts\Metrics\UnitInterface;

    class WholeNumber implements UnitInterface
    {
        public function __construct(private $name, private $single = null, private $plural = null, private $prefix = null, private $suffix = null)
        {
        }

        public function name()
        {
            return $this->name;
        }

        public function perUnitName($value = 0)
        {
            return $value == 1 ? $this->single : $this->plural;
        }

        public function type()
        {
            return self::TYPE_INT;
        }
    }
}

namespace WHMCS\UsageBilling\Metrics {
    use WHMCS\UsageBilling\Contracts\Metrics\MetricInterface;
    use WHMCS\UsageBilling\Contracts\Metrics\UnitInterface;
    use WHMCS\UsageBilling\Contracts\Metrics\UsageInterface;

    class Usage implements UsageInterface
    {
        public function __construct(private $value, private $collectedAt = null, private $startAt = null, private $endAt = null)
        {
        }

        public function collectedAt()
        {
            return $this->collectedAt;
        }

        public function startAt()
        {
            return $this->startAt;
        }

        public function endAt()
        {
            return $this->endAt;
        }

        public function value()
        {
            return $this->value;
        }
    }

    class Metric implements MetricInterface
    {
        public function __construct(private $systemName, private $displayName = null, private $type = null, private ?UnitInterface $units = null, private ?UsageInterface $usage = null)
        {
        }

        public function usage()
        {
            return $this->usage;
        }

        public function withUsage(?UsageInterface $usage = null)
        {
            $copy = clone $this;
            $copy->usage = $usage;
            return $copy;
        }

        public function units()
        {
            return $this->units;
        }

        public function systemName()
        {
            return $this->systemName;
        }

        public function displayName()
        {
            return $this->displayName;
        }

        public function type()
        {
            return $this->type;
        }
    }
}
