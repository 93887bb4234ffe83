/** Key builders: the one place that knows how each entity is laid out in the single table. */
export const keys = {
  apiKey: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  latestCompleteRun: (kind: string) => ({ pk: `RUN#${kind}`, sk: 'LATEST_COMPLETE' }),
} as const;
