/**
 * Context keys the CDK itself sets or reads, which the app never defines: feature flags
 * (`@aws-cdk/core:...`, any `@scope/...`), the CLI's and the framework's settings
 * (`aws:cdk:...`, `aws-cdk:...`) and cached lookups (`availability-zones:account=...`) all hold a
 * `:` or start with `@`; these two are the CLI's plain ones (`cdk acknowledge`, `cdk cli-telemetry`).
 */
const CDK_PLAIN_KEYS: ReadonlySet<string> = new Set(['acknowledged-issue-numbers', 'cli-telemetry']);

export function isCdkOwnContextKey(key: string): boolean {
  return key.startsWith('@') || key.includes(':') || CDK_PLAIN_KEYS.has(key);
}

/** The context keys that are neither the app's nor the CDK's: typos, or keys of another app. */
export function unknownContextKeys(context: Readonly<Record<string, unknown>>, known: readonly string[]): string[] {
  return Object.keys(context).filter((key) => !known.includes(key) && !isCdkOwnContextKey(key));
}

/** What to say about an unknown key: the nearest known key when it is a plausible typo, else every key. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const nearest = nearestKey(key, known);
  return nearest === undefined ? `unknown key (known keys: ${known.join(', ')})` : `unknown key, did you mean ${nearest}?`;
}

/**
 * The known key closest to `key` by edit distance (case ignored, a swap of neighbours counts one),
 * when it is within a third of the key's length (at least 2 edits): `solusoUrl` -> `solusioUrl`.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { key: candidate, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      row[j] = distance;
    }
  }
  return at(a.length, b.length);
}
