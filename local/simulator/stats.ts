export interface StatsJson {
  /** Requests per route, keyed `METHOD /api/v1/route/{id}` (unknown routes: `METHOD (unmatched)`). */
  requests: Record<string, number>;
  total: number;
  /** Requests answered or disturbed by a fault rule. */
  faults: number;
}

/** Counts `/api/v1` requests by route (control routes are not counted). */
export class RequestStats {
  private counts = new Map<string, number>();
  private faulted = 0;

  count(routeKey: string): void {
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  countFault(): void {
    this.faulted += 1;
  }

  reset(): void {
    this.counts = new Map();
    this.faulted = 0;
  }

  toJSON(): StatsJson {
    const requests = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return { requests, total, faults: this.faulted };
  }
}
