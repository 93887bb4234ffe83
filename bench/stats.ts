/** Percentile of already-measured durations (milliseconds), nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Runs `task` `count` times with at most `concurrency` in flight; returns each duration in ms. */
export async function measure(count: number, concurrency: number, task: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      const t0 = performance.now();
      await task();
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return durations;
}
