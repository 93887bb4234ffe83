import { METRIC as EMITTED, METRICS_NAMESPACE as EMITTED_NAMESPACE } from '../../functions/lib/observability';
import { METRIC as ALARMED, METRICS_NAMESPACE as ALARMED_NAMESPACE } from '../../infra/lib/metricNames';

/** The alarms and the dashboard read exactly the metrics the handlers emit. */
describe('metric names', () => {
  it('are the same in the handlers and in the infrastructure', () => {
    expect(ALARMED_NAMESPACE).toBe(EMITTED_NAMESPACE);
    expect(ALARMED).toEqual(EMITTED);
  });
});
