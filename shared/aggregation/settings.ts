import type { ServerMonthSource } from './ports';
import type { UsageSettings } from './usageFromRows';

export interface AggregationSettings {
  readonly billSuspendedTime: boolean;
  /** The operator's explicit billingStart; absent: the first complete run. */
  readonly billingStart?: string;
  readonly tokenRates: Readonly<Record<string, string>>;
  readonly closeGraceMinutes: number;
}

/** How rows are priced: the settings, with the billingStart a period was aggregated under. */
export function usageSettingsOf(settings: Pick<AggregationSettings, 'billSuspendedTime' | 'tokenRates'>, billingStart: string | undefined): UsageSettings {
  return { billSuspendedTime: settings.billSuspendedTime, tokenRates: settings.tokenRates, ...(billingStart === undefined ? {} : { billingStart }) };
}

/** The billingStart in force: the explicit one, else the first complete run (none yet: undefined). */
export async function billingStartOf(settings: AggregationSettings, months: Pick<ServerMonthSource, 'readObserved'>): Promise<string | undefined> {
  return settings.billingStart ?? (await months.readObserved()).firstCompleteRun;
}
