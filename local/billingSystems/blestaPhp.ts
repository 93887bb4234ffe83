/**
 * PHP's reading of a Blesta API request and Blesta's decimals, for the Blesta simulator: bracket
 * parameters (`vars[lines][0][amount]`) as nested maps, and amounts as its DECIMAL(19,4) columns
 * keep them.
 */

/** PHP's view of request parameters: strings and (bracket-built) nested maps. */
export type PhpValue = string | PhpMap;
export interface PhpMap {
  [key: string]: PhpValue;
}

/** `a[b][0][c]=v` entries as nested maps, as PHP parses a query or form; `[]` appends. */
export function parsePhpParams(params: URLSearchParams): PhpMap {
  const root: PhpMap = {};
  for (const [key, value] of params) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (match === null) {
      root[key] = value;
      continue;
    }
    const [, base = '', rest = ''] = match;
    const segments = [base, ...[...rest.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let target = root;
    segments.forEach((segment, index) => {
      const name = segment === '' ? String(Object.keys(target).length) : segment;
      if (index === segments.length - 1) {
        target[name] = value;
        return;
      }
      const next = target[name];
      if (typeof next === 'object') {
        target = next;
      } else {
        const created: PhpMap = {};
        target[name] = created;
        target = created;
      }
    });
  }
  return root;
}

export const text = (value: PhpValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
export const map = (value: PhpValue | undefined): PhpMap | undefined => (typeof value === 'object' ? value : undefined);

/** A PHP list's entries in key order (numeric keys numerically). */
export function listEntries(value: PhpMap): [string, PhpValue][] {
  return Object.entries(value).sort(([a], [b]) => {
    const na = Number(a);
    const nb = Number(b);
    if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export function parseDecimal(value: string): Decimal | undefined {
  const match = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(value);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** The decimal rounded half away from zero to `places` digits, written with exactly that many. */
export function fixed(decimal: Decimal, places: number): string {
  let { units } = decimal;
  if (decimal.scale > places) {
    const divisor = 10n ** BigInt(decimal.scale - places);
    const magnitude = units < 0n ? -units : units;
    const rounded = (magnitude + divisor / 2n) / divisor;
    units = units < 0n ? -rounded : rounded;
  } else {
    units *= 10n ** BigInt(places - decimal.scale);
  }
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(places + 1, '0');
  return places === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

export const blestaAmount = (value: string): string => {
  const decimal = parseDecimal(value);
  return decimal === undefined ? value : fixed(decimal, 4);
};
