import { useState } from 'preact/hooks';
import { query, type Api } from '../api';
import { Badge, ErrorNote, Loading, Section, TableScroll } from '../components/common';
import { minutes, money, monthName, tokens, utc } from '../format';
import { useLoad } from '../load';
import { href } from '../route';
import { can, useSession } from '../session';
import type { Period, Reconciliation, ReconciledCustomer } from '../types';

export function Periods({ period }: { readonly period?: string | undefined }) {
  return period === undefined ? <PeriodList /> : <PeriodDetail period={period} />;
}

function PeriodList() {
  const { api, self } = useSession();
  const periods = useLoad(() => api.get<{ periods: Period[] }>('/v1/periods'), [api]);
  const [closing, setClosing] = useState<{ message?: string; error?: Error }>({});
  const close = async (period: string) => {
    setClosing({});
    try {
      const closed = await api.post<{ totalTokens: number; money: Record<string, number>; customers: number }>(`/v1/periods/${period}/close`);
      setClosing({ message: `${period} closed: ${closed.customers} customers, ${money(closed.money)}.` });
      periods.reload();
    } catch (error) {
      setClosing({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  return (
    <>
      <h1>Periods</h1>
      {closing.message ? (
        <p class="note ok" role="status">
          {closing.message}
        </p>
      ) : null}
      {closing.error ? <ErrorNote error={closing.error} /> : null}
      <Loading loaded={periods}>
        {({ periods: list }) =>
          list.length === 0 ? (
            <p class="note">No period yet: aggregate-usage has not run.</p>
          ) : (
            <TableScroll label="Periods">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Period</th>
                    <th scope="col">Status</th>
                    <th scope="col">Usage as of</th>
                    <th scope="col">Customers</th>
                    <th scope="col" class="num">
                      Tokens
                    </th>
                    <th scope="col" class="num">
                      Amount
                    </th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {[...list]
                    .sort((a, b) => (a.period < b.period ? 1 : -1))
                    .map((entry) => (
                      <tr key={entry.period}>
                        <th scope="row">
                          <a href={href({ page: 'periods', period: entry.period })}>{monthName(entry.period)}</a>
                        </th>
                        <td>
                          <Badge kind={entry.status}>{entry.status}</Badge>
                          {entry.closedAt ? ` ${utc(entry.closedAt)}` : ''}
                        </td>
                        <td>{utc(entry.asOf)}</td>
                        <td>{entry.totals?.customers ?? '—'}</td>
                        <td class="num">{entry.totals ? tokens(entry.totals.totalTokens) : '—'}</td>
                        <td class="num">{money(entry.totals?.money)}</td>
                        <td>
                          {entry.status === 'open' && can(self, 'periods:write') ? (
                            <button type="button" class="quiet" onClick={() => void close(entry.period)}>
                              Close {entry.period}
                            </button>
                          ) : (
                            <a href={href({ page: 'customers', period: entry.period })}>Customers</a>
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loading>
      <p class="help">A period closes once its month has ended and the last runs are in (the API answers 409 before); a closed period never changes.</p>
    </>
  );
}

const STATUS_HELP: Readonly<Record<ReconciledCustomer['status'], string>> = {
  match: 'the billing system holds the invoice as pushed',
  missing: 'pushed, but the invoice is gone from the billing system (deleted)',
  differs: 'the invoice was changed in the billing system',
  duplicate: 'several invoices carry the tag',
  skipped: 'not pushed, for the reason given',
  unknown: 'a push whose outcome is not known yet',
  error: 'the billing system could not be read for this customer',
};

async function allReconciliation(api: Api, period: string): Promise<Reconciliation> {
  const first = await api.get<Reconciliation>(`/v1/periods/${period}/pushes${query({ limit: 100 })}`);
  const customers = [...first.customers];
  let cursor = first.nextCursor;
  const counts = { ...first.counts };
  while (cursor !== undefined) {
    const page = await api.get<Reconciliation>(`/v1/periods/${period}/pushes${query({ limit: 100, cursor })}`);
    customers.push(...page.customers);
    for (const [status, count] of Object.entries(page.counts)) counts[status as ReconciledCustomer['status']] = (counts[status as ReconciledCustomer['status']] ?? 0) + count;
    cursor = page.nextCursor;
  }
  return { ...first, customers, counts };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function PeriodDetail({ period }: { readonly period: string }) {
  const { api, self } = useSession();
  const summary = useLoad(() => api.get<Period>(`/v1/periods/${period}`), [api, period]);
  const reconciliation = useLoad(() => allReconciliation(api, period), [api, period]);
  const [pushNote, setPushNote] = useState<{ message?: string; error?: Error; busy?: boolean }>({});

  /** Hands the period to push-invoices, then reads the reconciliation until that push has finished. */
  const push = async (body: Record<string, boolean>, what: string) => {
    setPushNote({ busy: true, message: `${what}…` });
    try {
      const before = reconciliation.data;
      const answer = await api.post<{ heldForGaps?: { customer: string }[] }>(`/v1/periods/${period}/push`, body);
      let after = before;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        await sleep(attempt === 0 ? 200 : 500);
        after = await allReconciliation(api, period);
        const changed = JSON.stringify(after.counts) !== JSON.stringify(before?.counts) || after.run.finishedAt !== before?.run.finishedAt;
        if (after.run.state === 'done' && changed) break;
      }
      const held = answer.heldForGaps ?? [];
      setPushNote({ message: `${what}: done.${held.length > 0 ? ` Still held for a snapshot gap: ${held.map((entry) => entry.customer).join(', ')}.` : ''}` });
      reconciliation.reload();
    } catch (error) {
      setPushNote({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  };

  return (
    <>
      <p class="crumbs">
        <a href={href({ page: 'periods' })}>Periods</a> / {period}
      </p>
      <h1>{monthName(period)}</h1>
      <Loading loaded={summary}>
        {(entry) => (
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <Badge kind={entry.status}>{entry.status}</Badge> {entry.closedAt ? `since ${utc(entry.closedAt)}` : ''}
            </dd>
            <dt>Usage as of</dt>
            <dd>{utc(entry.asOf)}</dd>
            <dt>Customers</dt>
            <dd>
              {entry.totals?.customers ?? '—'} (<a href={href({ page: 'customers', period })}>see each</a>)
            </dd>
            <dt>Tokens</dt>
            <dd>{entry.totals ? tokens(entry.totals.totalTokens) : '—'}</dd>
            <dt>Amount</dt>
            <dd>{money(entry.totals?.money)}</dd>
          </dl>
        )}
      </Loading>
      <Section title="Push and reconciliation" id="reconciliation">
        {pushNote.message ? (
          <p class="note ok" role="status">
            {pushNote.message}
          </p>
        ) : null}
        {pushNote.error ? <ErrorNote error={pushNote.error} /> : null}
        <Loading loaded={reconciliation}>
          {(data) => {
            const missing = data.counts.missing ?? 0;
            const held = data.customers.filter((customer) => customer.reason === 'held_gap');
            const closed = summary.data?.status === 'closed';
            const mayPush = closed && can(self, 'periods:write') && !pushNote.busy;
            return (
              <>
                <p>
                  {data.customers.length} customers in {data.system}, invoices in {data.currency}; push {data.run.state === 'running' ? 'running now' : `last finished ${utc(data.run.finishedAt)}`}.{' '}
                  {(Object.entries(data.counts) as [ReconciledCustomer['status'], number][])
                    .filter(([, count]) => count > 0)
                    .map(([status, count]) => `${count} ${status}`)
                    .join(', ')}
                </p>
                {mayPush ? (
                  <div class="actions">
                    {missing > 0 ? (
                      <button type="button" onClick={() => void push({ repushMissing: true }, `Re-pushing ${missing} deleted invoices`)}>
                        Re-push the {missing} deleted {missing === 1 ? 'invoice' : 'invoices'}
                      </button>
                    ) : null}
                    {held.length > 0 ? (
                      <button type="button" onClick={() => void push({ confirmGaps: true }, `Pushing ${held.length} customers held for gaps`)}>
                        I checked the gaps: push the {held.length} held {held.length === 1 ? 'customer' : 'customers'}
                      </button>
                    ) : null}
                    <button type="button" class="quiet" onClick={() => void push({}, 'Pushing the period')}>
                      Push the period again (only what is not pushed yet)
                    </button>
                  </div>
                ) : null}
                <TableScroll label="Reconciliation">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Customer</th>
                        <th scope="col">Status</th>
                        <th scope="col" class="num">
                          Computed
                        </th>
                        <th scope="col">Invoice</th>
                        <th scope="col">In {data.system}</th>
                        <th scope="col" class="num">
                          Their total
                        </th>
                        <th scope="col">Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.customers.map((customer) => (
                        <tr key={customer.customer}>
                          <th scope="row">
                            <a href={href({ page: 'customers', period, customer: customer.customer })}>{customer.customer}</a>
                          </th>
                          <td>
                            <Badge kind={customer.status}>{customer.status}</Badge>
                          </td>
                          <td class="num">{customer.computed?.total ?? '—'}</td>
                          <td>{customer.remote?.invoiceId ?? customer.push?.invoiceId ?? '—'}</td>
                          <td>{customer.remote?.status ?? '—'}</td>
                          <td class="num">{customer.remote?.total ?? '—'}</td>
                          <td>{why(customer)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              </>
            );
          }}
        </Loading>
      </Section>
    </>
  );
}

function why(customer: ReconciledCustomer): string {
  const parts = [STATUS_HELP[customer.status]];
  if (customer.reason) parts.push(`reason: ${customer.reason.replace(/_/g, ' ')}`);
  if (customer.heldGap) parts.push(`server ${customer.heldGap.serverId} went ${minutes(customer.heldGap.longestGapMinutes)} without a complete run`);
  if (customer.clientCurrency) parts.push(`the client is billed in ${customer.clientCurrency}`);
  if (customer.differences?.length) parts.push(customer.differences.join('; '));
  if (customer.invoiceIds?.length) parts.push(`invoices ${customer.invoiceIds.join(', ')}`);
  const error = customer.error ?? customer.push?.error ?? customer.push?.lastError;
  if (error) parts.push(`${error.code}: ${error.message}`);
  return parts.join('; ');
}
