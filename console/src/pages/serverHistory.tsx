import { query } from '../api';
import { Loading, Section, TableScroll, TableHead } from '../components/common';
import { Timeline } from '../components/timeline';
import { minutes, monthName, tokens, utc } from '../format';
import { useLoad } from '../load';
import { href } from '../route';
import { useSession } from '../session';
import type { ServerHistory } from '../types';

/** How a boundary was dated (shared/snapshots/types.ts, BOUNDARY_SOURCES), in words. */
const BOUNDARY: Readonly<Record<string, string>> = {
  created_at: "SolusIO's creation time",
  activity_log: "SolusIO's activity log",
  api: "the bridge's own call to SolusIO",
  run: 'a run saw the change',
  period_start: 'the month starts',
};

/** A server's month: why it was charged what it was (GET /v1/servers/{id}/history), as a picture and in words. */
export function ServerDetail({ period, customer, installation, serverId }: { readonly period: string; readonly customer: string; readonly installation: string; readonly serverId: number }) {
  const { api } = useSession();
  const history = useLoad(() => api.get<ServerHistory>(`/v1/servers/${serverId}/history${query({ period, installation })}`), [api, period, installation, serverId]);
  return (
    <>
      <p class="crumbs">
        <a href={href({ page: 'customers', period })}>Customers of {period}</a> / <a href={href({ page: 'customers', period, customer })}>{customer}</a> / server {serverId}
      </p>
      <h1>
        Server {serverId} in {monthName(period)}
        {installation === 'default' ? '' : ` (${installation})`}
      </h1>
      <Loading loaded={history}>
        {(data) => (
          <>
            <Timeline history={data} />
            <Section title="What it was billed as" id="segments">
              <TableScroll label="Billed stretches">
                <table>
                  <TableHead columns={['From', 'To', 'Customer', 'Plan', 'State', 'Starts because', 'Ends because']} />
                  <tbody>
                    {data.segments.map((segment) => (
                      <tr key={segment.start}>
                        <td>{utc(segment.start)}</td>
                        <td>{segment.end ? utc(segment.end) : 'still running'}</td>
                        <td>{segment.customer ?? 'no billing reference'}</td>
                        <td>
                          plan {segment.plan.id}: {segment.plan.tokensPerHour} tokens/h,{' '}
                          {segment.plan.tokensPerMonth === 0 ? 'no monthly cap' : `at most ${tokens(segment.plan.tokensPerMonth)}/month`}
                        </td>
                        <td>
                          {[segment.suspended ? 'suspended' : 'running', segment.backupsEnabled ? 'backups on' : 'backups off', `${segment.additionalIpCount ?? 0} extra IPs`].join(', ')}
                        </td>
                        <td>
                          {BOUNDARY[segment.startBy] ?? segment.startBy}
                          {segment.startRun ? ` (run ${utc(segment.startRun)})` : ''}
                        </td>
                        <td>
                          {segment.endBy ? (BOUNDARY[segment.endBy] ?? segment.endBy) : '—'}
                          {segment.endRun ? ` (run ${utc(segment.endRun)})` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </Section>
            <Section title="Gaps" id="gaps">
              {data.gaps.length === 0 ? (
                <p class="note ok">No gap: complete runs saw this server throughout.</p>
              ) : (
                <ul>
                  {data.gaps.map((gap) => (
                    <li key={gap.from}>
                      {minutes(gap.minutes)} without a complete run, from {utc(gap.from)} to {utc(gap.to)}: billed as if nothing changed.
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Runs that saw a change" id="change-runs">
              {data.runs.length === 0 ? (
                <p class="note">None in this period.</p>
              ) : (
                <ul>
                  {data.runs.map((run) => (
                    <li key={run.time}>
                      {utc(run.time)}: {run.changes} {run.changes === 1 ? 'change' : 'changes'}
                      {run.suspect ? ' (suspect run)' : ''}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Backups" id="backups">
              {data.backups.length === 0 ? (
                <p class="note">No backup recorded.</p>
              ) : (
                <ul>
                  {data.backups.map((backup) => (
                    <li key={backup.backupId}>
                      Backup {backup.backupId}: {backup.type}, {backup.status}, {backup.size} GiB, made {utc(backup.createdAt)}
                      {backup.deletedRun ? `, gone at ${utc(backup.deletedRun)}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </>
        )}
      </Loading>
    </>
  );
}
