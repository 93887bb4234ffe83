/**
 * JSON with object keys sorted and no whitespace: equal values give equal text whatever order
 * their keys were built or read in (DynamoDB returns map keys in no set order). Undefined object
 * fields are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`Not JSON-serialisable: ${typeof value}`);
    return text;
  }
  // Array.from visits holes too (map skips them): a sparse array's holes are written as null, as JSON.stringify does.
  if (Array.isArray(value)) return `[${Array.from(value as unknown[], (item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
}
