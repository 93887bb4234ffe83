import { useState } from 'preact/hooks';
import { query } from '../api';
import { Loading, Picker, Section, TableScroll, TableHead } from '../components/common';
import { minutes, money, monthName, tokens } from '../format';
import { useLoad } from '../load';
import { href } from '../route';
import { useSession } from '../session';
import type { Period, UsageCustomer, UsagePage } from '../types';
import { ServerDetail } from './serverHistory';

interface CustomersProps {
  readonly period?: string | undefined;
  readonly customer?: string | undefined;
  readonly server?: { readonly installation: string; readonly id: number } | undefined;
}

/** The newest closed period, else the newest: the one an operator most likely asks about. */
function defaultPeriod(periods: readonly Period[]): string | undefined {
  const newest = [...periods].sort((a, b) => (a.period < b.period ? 1 : -1));
  return (newest.find((entry) => entry.status === 'closed') ?? newest[0])?.period;
}

export function Customers({ period, customer, server }: CustomersProps) {
  const { api } = useSession();
  const periods = useLoad(() => api.get<{ periods: Period[] }>('/v1/periods'), [api]);
  if (periods.data === undefined) {
    return (
      <>
        <h1>Customers</h1>
        <Loading loaded={periods}>{() => null}</Loading>
      </>
    );
  }
  return (
    <Loading loaded={periods}>
      {({ periods: list }) => {
        const chosen = period ?? defaultPeriod(list);
        if (chosen === undefined) {
          return (
            <>
              <h1>Customers</h1>
              <p class="note">No period yet: aggregate-usage has not run.</p>
            </>
          );
        }
        // Keyed: another period is another page, with nothing carried over (pages read, messages).
        if (customer === undefined) return <CustomerList key={chosen} period={chosen} periods={list} />;
        if (server === undefined) return <CustomerDetail period={chosen} customer={customer} />;
        return <ServerDetail period={chosen} customer={customer} installation={server.installation} serverId={server.id} />;
      }}
    </Loading>
  );
}

function PeriodPicker({ period, periods }: { readonly period: string; readonly periods: readonly Period[] }) {
  const options = [...periods]
    .sort((a, b) => (a.period < b.period ? 1 : -1))
    .map((entry) => ({ value: entry.period, text: `${monthName(entry.period)} (${entry.status})` }));
  return <Picker id="period-pick" label="Period" value={period} options={options} onShow={(chosen) => (location.hash = href({ page: 'customers', period: chosen }))} />;
}

function flagsOf(customer: UsageCustomer): string[] {
  return [...new Set(customer.servers.flatMap((server) => server.flags))];
}

function CustomerList({ period, periods }: { readonly period: string; readonly periods: readonly Period[] }) {
  const { api } = useSession();
  const [pages, setPages] = useState(1);
  const usage = useLoad(async () => {
    const customers: UsageCustomer[] = [];
    let cursor: string | undefined;
    let page: UsagePage | undefined;
    for (let read = 0; read < pages; read += 1) {
      page = await api.get<UsagePage>(`/v1/usage${query({ period, limit: 100, cursor })}`);
      customers.push(...page.customers);
      cursor = page.nextCursor;
      if (cursor === undefined) break;
    }
    return { customers, more: cursor !== undefined, status: page?.status ?? 'open' };
  }, [api, period, pages]);
  return (
    <>
      <h1>Customers</h1>
      <PeriodPicker period={period} periods={periods} />
      <Loading loaded={usage}>
        {(data) =>
          data.customers.length === 0 ? (
            <p class="note">No usage in {period} yet.</p>
          ) : (
            <>
              <p>
                What each customer owes for {monthName(period)} ({data.status === 'closed' ? 'closed: final' : 'open: so far'}). Pick a customer to see why.
              </p>
              <TableScroll label={`Customers of ${period}`}>
                <table>
                  <TableHead columns={['Customer', { text: 'Servers', numeric: true }, { text: 'Tokens', numeric: true }, { text: 'Owes', numeric: true }, 'Flags']} />
                  <tbody>
                    {data.customers.map((entry) => (
                      <tr key={entry.customer}>
                        <th scope="row">
                          <a href={href({ page: 'customers', period, customer: entry.customer })}>{entry.customer}</a>
                        </th>
                        <td class="num">{entry.servers.length}</td>
                        <td class="num">{tokens(entry.totalTokens)}</td>
                        <td class="num">{money(entry.money)}</td>
                        <td>{flagsOf(entry).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {data.more ? (
                <button type="button" class="quiet" onClick={() => setPages(pages + 1)}>
                  Show more customers
                </button>
              ) : null}
            </>
          )
        }
      </Loading>
    </>
  );
}

interface InvoiceLine {
  readonly serverId: number;
  readonly kind: string;
  readonly hours?: number;
  readonly tokens: number;
  readonly money: Record<string, number>;
  readonly description: string;
  readonly flags: readonly string[];
}

function CustomerDetail({ period, customer }: { readonly period: string; readonly customer: string }) {
  const { api } = useSession();
  const usage = useLoad(() => api.get<UsagePage>(`/v1/usage${query({ period, customer })}`), [api, period, customer]);
  const invoice = useLoad(
    () => api.get<{ customers: { customer: string; lines: InvoiceLine[] }[] }>(`/v1/periods/${encodeURIComponent(period)}/invoices${query({ customer })}`),
    [api, period, customer],
  );
  return (
    <>
      <p class="crumbs">
        <a href={href({ page: 'customers', period })}>Customers of {period}</a> / {customer}
      </p>
      {usage.data === undefined ? <h1>Customer {customer}</h1> : null}
      <Loading loaded={usage}>
        {(data) => {
          const entry = data.customers.find((candidate) => candidate.customer === customer);
          if (entry === undefined) return <h1>Customer {customer} has no usage in {monthName(period)}</h1>;
          return (
            <>
              <h1>
                Customer {customer} owes {money(entry.money)} for {monthName(period)}
              </h1>
              <p>
                {tokens(entry.totalTokens)} tokens from {entry.servers.length} {entry.servers.length === 1 ? 'server' : 'servers'}; each line below is priced on its own and rounded, and the
                amount is their sum. A server's history shows the observations behind its line.
              </p>
              <Section title="Per server" id="per-server">
                <TableScroll label={`Servers of customer ${customer}`}>
                  <table>
                    <TableHead columns={['Server', { text: 'Hours', numeric: true }, { text: 'Runtime', numeric: true }, { text: 'IPs', numeric: true }, { text: 'Backups', numeric: true }, { text: 'Tokens', numeric: true }, { text: 'Amount', numeric: true }, 'Flags']} />
                    <tbody>
                      {entry.servers.map((server) => (
                        <tr key={`${server.installation}-${server.serverId}-${server.adjustmentOf ?? ''}`}>
                          <th scope="row">
                            <a href={href({ page: 'customers', period, customer, server: { installation: server.installation, id: server.serverId } })}>
                              {server.hostname ?? `server ${server.serverId}`} (server {server.serverId}
                              {server.installation === 'default' ? '' : `, ${server.installation}`})
                            </a>
                          </th>
                          <td class="num">{server.runtimeHours}</td>
                          <td class="num">{tokens(server.runtimeTokens)}</td>
                          <td class="num">{tokens(server.ipTokens)}</td>
                          <td class="num">{tokens(server.backupTokens)}</td>
                          <td class="num">{tokens(server.totalTokens)}</td>
                          <td class="num">{money(server.money)}</td>
                          <td>
                            {[...server.flags, ...(server.prepaid ? ['prepaid'] : []), ...(server.adjustmentOf ? [`corrects ${server.adjustmentOf}`] : [])].join(', ')}
                            {server.longestGapMinutes ? ` (longest gap ${minutes(server.longestGapMinutes)})` : ''}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">Total</th>
                        <td colSpan={4} />
                        <td class="num">{tokens(entry.totalTokens)}</td>
                        <td class="num">{money(entry.money)}</td>
                        <td />
                      </tr>
                    </tfoot>
                  </table>
                </TableScroll>
              </Section>
            </>
          );
        }}
      </Loading>
      <Section title="Invoice lines" id="invoice-lines">
        <Loading loaded={invoice}>
          {(data) => {
            const lines = data.customers.find((candidate) => candidate.customer === customer)?.lines ?? [];
            return lines.length === 0 ? (
              <p class="note">No invoice line.</p>
            ) : (
              <TableScroll label={`Invoice lines of customer ${customer}`}>
                <table>
                  <TableHead columns={['Line', { text: 'Tokens', numeric: true }, { text: 'Amount', numeric: true }]} />
                  <tbody>
                    {lines.map((line, index) => (
                      <tr key={index}>
                        <td>{line.description}</td>
                        <td class="num">{tokens(line.tokens)}</td>
                        <td class="num">{money(line.money)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            );
          }}
        </Loading>
      </Section>
    </>
  );
}
