import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '../../shared/logging';

// One table of metric names for the handlers and the alarms (shared/metrics/metricNames.ts).
export { METRIC, METRICS_NAMESPACE } from '../../shared/metrics/metricNames';
import { METRIC, METRICS_NAMESPACE } from '../../shared/metrics/metricNames';

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** What a handler records; flushed once per invocation by the Metrics middleware. */
export interface MetricsRecorder {
  count(name: MetricName, value: number): void;
  milliseconds(name: MetricName, value: number): void;
  /**
   * Records into a series of its own under these dimensions (`{ Installation: 'eu' }`, so an alarm
   * can name the installation), beside the dimension-less series the same name keeps.
   */
  dimensioned(dimensions: Readonly<Record<string, string>>): Pick<MetricsRecorder, 'count' | 'milliseconds'>;
}

/** Keys every log line of one invocation carries. */
export interface InvocationKeys {
  readonly correlationId: string;
  readonly scheduledTime?: string;
}

/** Logger, Metrics and Tracer of one process, and the Middy middlewares that drive them. */
export interface Observability {
  /** The domain's logger (Powertools Logger on Lambda, the stack's logger locally). */
  readonly logger: Logger;
  readonly metrics: MetricsRecorder;
  /** Traces an AWS SDK v3 client (Lambda only; returns it unchanged when tracing is off). */
  captureClient<T>(client: T): T;
  /** Sets the invocation's keys (correlation id, scheduled time) on every later log line of it. */
  setInvocationKeys(keys: InvocationKeys): void;
  /** The Powertools middlewares, outermost first: logger context, tracer, metrics flush. */
  middlewares(): MiddlewareObj<unknown, unknown>[];
}

/** The logger Powertools Metrics writes its own warnings to. */
type MetricsWarningsLogger = NonNullable<NonNullable<ConstructorParameters<typeof Metrics>[0]>['logger']>;

/** Powertools Metrics without the default `service` dimension: the alarms read dimension-less metrics. */
export function dimensionlessMetrics(options: ConstructorParameters<typeof Metrics>[0] = {}): Metrics {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, ...options });
  metrics.clearDefaultDimensions();
  return metrics;
}

function recorderOf(metrics: Metrics): MetricsRecorder {
  // A dimensioned value is an EMF document of its own (Powertools' single metric, written at once):
  // one document's dimension sets would apply to every metric in it.
  const single = (dimensions: Readonly<Record<string, string>>, name: MetricName, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): void => {
    const document = metrics.singleMetric();
    for (const [dimension, dimensionValue] of Object.entries(dimensions)) document.addDimension(dimension, dimensionValue);
    document.addMetric(name, unit, value);
  };
  return {
    count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
    milliseconds: (name, value) => metrics.addMetric(name, MetricUnit.Milliseconds, value),
    dimensioned: (dimensions) => ({
      count: (name, value) => single(dimensions, name, MetricUnit.Count, value),
      milliseconds: (name, value) => single(dimensions, name, MetricUnit.Milliseconds, value),
    }),
  };
}

type Details = Record<string, unknown>;

/** The domain Logger interface over Powertools Logger (structured JSON on standard output, Lambda context keys). */
export class PowertoolsLoggerAdapter implements Logger {
  constructor(private readonly logger: PowertoolsLogger) {}

  info(message: string, details: Details = {}): void {
    this.logger.info(message, details);
  }

  warn(message: string, details: Details = {}): void {
    this.logger.warn(message, details);
  }

  error(message: string, details: Details = {}): void {
    this.logger.error(message, details);
  }
}

/** On Lambda: Powertools Logger, Metrics and Tracer (the AWS SDK clients traced). */
export function lambdaObservability(serviceName = 'solus-billing-bridge'): Observability {
  const powertoolsLogger = new PowertoolsLogger({ serviceName });
  const logger = new PowertoolsLoggerAdapter(powertoolsLogger);
  const metrics = dimensionlessMetrics({ logger: withoutEmptyMetricsWarning(powertoolsLogger) });
  const tracer = new Tracer({ serviceName });
  return {
    logger,
    metrics: recorderOf(metrics),
    captureClient: (client) => tracer.captureAWSv3Client(client),
    setInvocationKeys: ({ correlationId, scheduledTime }) => {
      powertoolsLogger.setCorrelationId(correlationId);
      if (scheduledTime !== undefined) powertoolsLogger.appendKeys({ scheduledTime });
    },
    // Never the event (its Authorization header holds an API key) nor the response (a created key) in logs or traces,
    // whatever POWERTOOLS_LOGGER_LOG_EVENT or POWERTOOLS_TRACER_CAPTURE_RESPONSE say.
    middlewares: () => [
      injectLambdaContext(powertoolsLogger, { resetKeys: true, logEvent: false }),
      captureLambdaHandler(tracer, { captureResponse: false }),
      logMetrics(metrics),
    ],
  };
}

/** Powertools Metrics warns on every flush without metrics (the authorizer records none): not worth a log line. */
function withoutEmptyMetricsWarning(logger: PowertoolsLogger): MetricsWarningsLogger {
  return {
    debug: (...args) => logger.debug(String(args[0])),
    info: (...args) => logger.info(String(args[0])),
    warn: (...args) => {
      const message = String(args[0]);
      if (!message.startsWith('No application metrics to publish')) logger.warn(message);
    },
    error: (...args) => logger.error(String(args[0])),
  };
}

/** The EMF documents a local Metrics would have printed: kept in memory, never on standard output. */
export class RecordingMetrics extends Metrics {
  constructor(
    options: ConstructorParameters<typeof Metrics>[0] = {},
    readonly published: Record<string, unknown>[] = [],
  ) {
    super(options);
  }

  /** A single metric recorded here too (its own document, as on Lambda), not written to standard output. */
  override singleMetric(): Metrics {
    const single = new RecordingMetrics({ namespace: METRICS_NAMESPACE, singleMetric: true }, this.published);
    single.clearDefaultDimensions();
    return single;
  }

  override publishStoredMetrics(): this {
    try {
      if (this.hasStoredMetrics()) this.published.push(this.serializeMetrics() as unknown as Record<string, unknown>);
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
    return this;
  }

  /** The value of `name` in every published document, in order (tests). */
  valuesOf(name: MetricName): unknown[] {
    return this.published.filter((document) => name in document).map((document) => document[name]);
  }
}

/** A domain Logger that adds the current invocation's keys (kept per async call chain) to each entry. */
class InvocationKeysLogger implements Logger {
  constructor(
    private readonly target: Logger,
    private readonly keys: AsyncLocalStorage<InvocationKeys>,
  ) {}

  info(message: string, details: Details = {}): void {
    this.target.info(message, this.with(details));
  }

  warn(message: string, details: Details = {}): void {
    this.target.warn(message, this.with(details));
  }

  error(message: string, details: Details = {}): void {
    this.target.error(message, this.with(details));
  }

  private with(details: Details): Details {
    const keys = this.keys.getStore();
    return keys === undefined ? details : { ...keys, ...details };
  }
}

export interface LocalObservability extends Observability {
  readonly recordedMetrics: RecordingMetrics;
}

/**
 * Locally (stack, tests): log lines go to the stack's logger with the invocation's keys, metrics
 * are recorded in memory (nothing on standard output), tracing is off.
 */
export function localObservability(target: Logger): LocalObservability {
  const keys = new AsyncLocalStorage<InvocationKeys>();
  const logger = new InvocationKeysLogger(target, keys);
  const recordedMetrics = new RecordingMetrics({ namespace: METRICS_NAMESPACE, logger: quietWarnings(logger) });
  recordedMetrics.clearDefaultDimensions();
  const tracer = new Tracer({ enabled: false });
  return {
    logger,
    recordedMetrics,
    metrics: recorderOf(recordedMetrics),
    captureClient: (client) => client,
    // enterWith: the keys hold for the rest of this invocation's async chain only (concurrent requests keep their own).
    setInvocationKeys: (invocation) => keys.enterWith(invocation),
    middlewares: () => [captureLambdaHandler(tracer), logMetrics(recordedMetrics)],
  };
}

/** Powertools' own warnings (e.g. "no metrics to publish") are not worth a local log line. */
function quietWarnings(logger: Logger): MetricsWarningsLogger {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (...args) => logger.error(String(args[0])),
  };
}
