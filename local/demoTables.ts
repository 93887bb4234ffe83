/** The tables `npm run demo` prints, from the bridge's own API answers (GET /v1/usage, /pushes). */

export interface UsageJson {
  unbilled: { serverId: number; installation: string; createdAt: string; deletedAt: string | null; reason: string }[];
  customers: {
    customer: string;
    totalTokens: number;
    money: Record<string, number>;
    servers: { serverId: number; installation?: string; runtimeHours: number; runtimeTokens: number; ipTokens: number; backupTokens: number; totalTokens: number; flags: string[]; money: Record<string, number> }[];
  }[];
}

export interface ReconciliationJson {
  customers: { customer: string; status: string; reason?: string; computed: { total: string } | null; remote: { invoiceId: string; status: string; total: string | null } | null }[];
}

interface Column {
  readonly title: string;
  /** Left-aligned (text); numbers are right-aligned. */
  readonly left?: boolean;
  /** Under the "tokens" heading. */
  readonly tokens?: boolean;
}

const USAGE_COLUMNS: readonly Column[] = [
  { title: 'customer', left: true },
  { title: 'server' },
  { title: 'hours' },
  { title: 'runtime', tokens: true },
  { title: 'IPs', tokens: true },
  { title: 'backups', tokens: true },
  { title: 'total', tokens: true },
  { title: 'USD' },
  { title: 'flags', left: true },
];

/** The money of `money` (integer minor units, cents for USD) as an amount: 1553 -> "15.53". */
function amount(money: Record<string, number>, currency: string): string {
  return ((money[currency] ?? 0) / 100).toFixed(2);
}

/**
 * What each customer owes, per server: hours, tokens (runtime, additional IPs, backups and their
 * total) under one "tokens" heading, and the amount in dollars, with the flags.
 */
export function usageTable(usage: UsageJson, currency = 'USD', options: { readonly installations?: boolean } = {}): string {
  // With several installations a server is (installation, id): the column says which.
  const columns: readonly Column[] = options.installations === true ? [USAGE_COLUMNS[0] ?? { title: 'customer' }, { title: 'installation', left: true }, ...USAGE_COLUMNS.slice(1)] : USAGE_COLUMNS;
  const withInstallation = (cells: string[], installation: string): string[] => (options.installations === true ? [cells[0] ?? '', installation, ...cells.slice(1)] : cells);
  const rows: string[][] = [columns.map((column) => (column.title === 'USD' ? currency : column.title))];
  for (const customer of usage.customers) {
    for (const line of customer.servers) {
      rows.push(
        withInstallation(
          [customer.customer, String(line.serverId), String(line.runtimeHours), String(line.runtimeTokens), String(line.ipTokens), String(line.backupTokens), String(line.totalTokens), amount(line.money, currency), line.flags.join(',')],
          line.installation ?? '',
        ),
      );
    }
    rows.push(withInstallation([`${customer.customer} total`, '', '', '', '', '', String(customer.totalTokens), amount(customer.money, currency), ''], ''));
  }
  const widths = columns.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) => row.map((cell, column) => (columns[column]?.left ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd());
  return [tokensHeading(widths, columns), ...lines].join('\n');
}

/** `----- tokens -----` over exactly the token columns. */
function tokensHeading(widths: readonly number[], columns: readonly Column[]): string {
  const first = columns.findIndex((column) => column.tokens === true);
  const last = columns.length - 1 - [...columns].reverse().findIndex((column) => column.tokens === true);
  const offset = widths.slice(0, first).reduce((sum, width) => sum + width + 2, 0);
  const span = widths.slice(first, last + 1).reduce((sum, width) => sum + width, 0) + 2 * (last - first);
  const label = ' tokens ';
  const left = Math.floor((span - label.length) / 2);
  return `${' '.repeat(offset)}${'-'.repeat(left)}${label}${'-'.repeat(span - label.length - left)}`;
}

export interface UsageLegendOptions {
  /** The hours of the month replayed (November: 720). */
  readonly monthHours: number;
  /** The gap tolerance the replay ran with, in minutes. */
  readonly gapToleranceMinutes: number;
  /** The token rate of the currency shown, as configured (e.g. "0.001"). */
  readonly rate: string;
  readonly currency?: string;
}

/** What the usage table's units and flags mean, printed under it: one entry per term, wrapped. */
export function usageLegend(options: UsageLegendOptions): string {
  const currency = options.currency ?? 'USD';
  const entries: [string, string][] = [
    ['hours', 'hours billed: every started hour counts, per plan and per owner'],
    ['tokens', "SolusIO plan tokens: runtime (per hour, capped at the plan's tokens per month), additional IPs, backups, and their total"],
    [currency, `dollars at ${options.rate} ${currency} a token, each line rounded on its own; the API's "money" fields hold integer cents (1.00 here is 100 there)`],
    ['gap', `the server ran through a gap: more than ${options.gapToleranceMinutes} minutes without a complete snapshot run (the outage); billed as if unchanged, flagged to check`],
    [`${options.monthHours + 1} h`, `the month has ${options.monthHours} hours; a resize or an owner change inside an hour bills that hour on both sides (once per plan, once per owner)`],
  ];
  return entries.map(([term, text]) => wrap(text, LEGEND_WIDTH - LEGEND_INDENT).map((line, index) => `${(index === 0 ? term : '').padEnd(LEGEND_INDENT)}${line}`).join('\n')).join('\n');
}

const LEGEND_WIDTH = 100;
const LEGEND_INDENT = 9;

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** The servers that existed and that the bridge could not price: never silent. */
export function unbilledLines(usage: UsageJson): string {
  if (usage.unbilled.length === 0) return 'unbilled: none';
  return usage.unbilled.map((server) => `unbilled: server ${server.serverId} (${server.installation}), ${server.createdAt} to ${server.deletedAt ?? 'unknown'}: ${server.reason}`).join('\n');
}

/** The billing system's invoices against the bridge's figures (GET /v1/periods/{period}/pushes). */
export function reconciliationTable(reconciliation: ReconciliationJson, system = 'WHMCS'): string {
  const rows = [['customer', 'status', 'computed', 'invoice', `${system} status`, `${system} total`]];
  for (const customer of reconciliation.customers) {
    rows.push([
      customer.customer,
      customer.reason === undefined ? customer.status : `${customer.status} (${customer.reason})`,
      customer.computed?.total ?? '',
      customer.remote ? `#${customer.remote.invoiceId}` : '',
      customer.remote?.status ?? '',
      customer.remote?.total ?? '',
    ]);
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === 2 || column === 5 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd()).join('\n');
}
