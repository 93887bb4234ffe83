import { namesInstallations, type InstallationScope } from './installationScope';
import type { UsageSettings } from './usageFromRows';

export interface AggregationSettings {
  readonly billSuspendedTime: boolean;
  /** The operator's explicit billingStart; absent: the first complete run. */
  readonly billingStart?: string;
  readonly tokenRates: Readonly<Record<string, string>>;
  readonly closeGraceMinutes: number;
  /** The configured installation ids (absent: one); with several, lines and unmapped references name theirs. */
  readonly installations?: readonly string[];
}

/** How rows are priced: the settings, with the billingStart a period was aggregated under. */
export function usageSettingsOf(settings: Pick<AggregationSettings, 'billSuspendedTime' | 'tokenRates' | 'installations'>, billingStart: string | undefined): UsageSettings {
  return {
    billSuspendedTime: settings.billSuspendedTime,
    tokenRates: settings.tokenRates,
    ...(billingStart === undefined ? {} : { billingStart }),
    ...(namesInstallations(settings.installations) ? { nameInstallations: true } : {}),
  };
}

/** Where billing starts: for the period headers, and per installation. */
export interface BillingStarts {
  /** The billingStart in force: the explicit one, else the earliest first complete run (none yet: undefined). */
  readonly billingStart: string | undefined;
  /**
   * With several installations, each bills from its own first complete run when that is later
   * (adding one never bills its past); absent for an installation billed from `billingStart`.
   */
  readonly from: ReadonlyMap<string, string>;
}

export async function billingStartsOf(settings: AggregationSettings, scopes: readonly Pick<InstallationScope, 'installation' | 'months'>[]): Promise<BillingStarts> {
  const firsts = await Promise.all(scopes.map(async (scope) => [scope.installation, (await scope.months.readObserved()).firstCompleteRun] as const));
  const known = firsts.flatMap(([, first]) => (first === undefined ? [] : [first])).sort();
  const billingStart = settings.billingStart ?? known[0];
  const from = new Map<string, string>();
  if (scopes.length > 1) for (const [installation, first] of firsts) if (first !== undefined && (billingStart === undefined || first > billingStart)) from.set(installation, first);
  return { billingStart, from };
}

/** The billingStart in force (the headers' one). */
export async function billingStartOf(settings: AggregationSettings, scopes: readonly Pick<InstallationScope, 'installation' | 'months'>[]): Promise<string | undefined> {
  return (await billingStartsOf(settings, scopes)).billingStart;
}
