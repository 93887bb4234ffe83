import { useState } from 'preact/hooks';
import { Badge, Loading, Outcome, Section, TableScroll, TableHead } from '../components/common';
import { minutes, money, monthName, tokens, utc } from '../format';
import { useLoad } from '../load';
import { href } from '../route';
import { can, useSession } from '../session';
import { closeLooksDue } from '../periods';
import { allReconciliation, heldForGaps, pushRun, waitForPush } from '../reconciliation';
import type { Period, ReconciledCustomer } from '../types';

export function Periods({ period }: { readonly period?: string | undefined }) {
  // Keyed: another period is another page, with nothing carried over (a push's message, a busy button).
  return period === undefined ? <PeriodList /> : <PeriodDetail key={period} period={period} />;
}

function PeriodList() {
  const { api, self } = useSession();
  const periods = useLoad(() => api.get<{ periods: Period[] }>('/v1/periods'), [api]);
  const [closing, setClosing] = useState<{ message?: string; error?: Error; busy?: boolean }>({});
  const close = async (period: string) => {
    // For good: a closed period never changes again.
    if (!confirm(`Close ${period} for good? Its usage is frozen and its invoices are pushed.`)) return;
    setClosing({ busy: true });
    try {
      const closed = await api.post<{ totalTokens: number; money: Record<string, number>; customers: number }>(`/v1/periods/${encodeURIComponent(period)}/close`);
      setClosing({ message: `${period} closed: ${closed.customers} customers, ${money(closed.money)}.` });
      periods.reload();
    } catch (error) {
      setClosing({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  return (
    <>
      <h1>Periods</h1>
      <Outcome message={closing.message} error={closing.error} />
      <Loading loaded={periods}>
        {({ periods: list }) =>
          list.length === 0 ? (
            <p class="note">No period yet: aggregate-usage has not run.</p>
          ) : (
            <TableScroll label="Periods">
              <table>
                <TableHead columns={['Period', 'Status', 'Usage as of', 'Customers', { text: 'Tokens', numeric: true }, { text: 'Amount', numeric: true }, 'Action']} />
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
                          {closeLooksDue(entry) && can(self, 'periods:write') ? (
                            <button type="button" class="quiet" disabled={closing.busy} onClick={() => void close(entry.period)}>
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

function PeriodDetail({ period }: { readonly period: string }) {
  const { api, self } = useSession();
  const summary = useLoad(() => api.get<Period>(`/v1/periods/${encodeURIComponent(period)}`), [api, period]);
  const reconciliation = useLoad(() => allReconciliation(api, period), [api, period]);
  const [pushNote, setPushNote] = useState<{ message?: string; error?: Error; busy?: boolean }>({});

  /** Hands the period to push-invoices, then waits for that push to finish and reads the reconciliation again. */
  const push = async (body: Record<string, boolean>, what: string) => {
    setPushNote({ busy: true, message: `${what}…` });
    try {
      const before = await pushRun(api, period);
      const answer = await api.post<{ heldForGaps?: { customer: string }[] }>(`/v1/periods/${encodeURIComponent(period)}/push`, body);
      const finished = await waitForPush(api, period, before);
      const held = answer.heldForGaps ?? [];
      const stillHeld = held.length > 0 ? ` Still held for a snapshot gap: ${held.map((entry) => entry.customer).join(', ')}.` : '';
      setPushNote({ message: finished ? `${what}: done.${stillHeld}` : `${what}: still running; the table below is as it is now, reload the page later.${stillHeld}` });
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
        <Outcome message={pushNote.message} error={pushNote.error} />
        <Loading loaded={reconciliation}>
          {(data) => {
            const missing = data.counts.missing ?? 0;
            const held = heldForGaps(data);
            const closed = summary.data?.status === 'closed';
            const mayPush = closed && can(self, 'periods:write');
            const busy = pushNote.busy === true;
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
                      <button type="button" disabled={busy} onClick={() => void push({ repushMissing: true }, `Re-pushing ${missing} deleted invoices`)}>
                        Re-push the {missing} deleted {missing === 1 ? 'invoice' : 'invoices'}
                      </button>
                    ) : null}
                    {held.length > 0 ? (
                      <button type="button" disabled={busy} onClick={() => void push({ confirmGaps: true }, `Pushing ${held.length} customers held for gaps`)}>
                        I checked the gaps: push the {held.length} held {held.length === 1 ? 'customer' : 'customers'}
                      </button>
                    ) : null}
                    <button type="button" class="quiet" disabled={busy} onClick={() => void push({}, 'Pushing the period')}>
                      Push the period again (only what is not pushed yet)
                    </button>
                  </div>
                ) : null}
                <TableScroll label="Reconciliation">
                  <table>
                    <TableHead columns={['Customer', 'Status', { text: 'Computed', numeric: true }, 'Invoice', `In ${data.system}`, { text: 'Their total', numeric: true }, 'Why']} />
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
  if (customer.heldGap) {
    const { serverId, installation, longestGapMinutes } = customer.heldGap;
    parts.push(`server ${serverId}${installation ? ` (${installation})` : ''} went ${minutes(longestGapMinutes)} without a complete run`);
  }
  if (customer.clientCurrency) parts.push(`the client is billed in ${customer.clientCurrency}`);
  if (customer.differences?.length) parts.push(customer.differences.join('; '));
  if (customer.invoiceIds?.length) parts.push(`invoices ${customer.invoiceIds.join(', ')}`);
  const error = customer.error ?? customer.push?.error ?? customer.push?.lastError;
  if (error) parts.push(`${error.code}: ${error.message}`);
  return parts.join('; ');
}
