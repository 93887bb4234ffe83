import { useState } from 'preact/hooks';
import { ApiError, query } from '../api';
import { Badge, Loading, Outcome, Section, TableScroll, TableHead } from '../components/common';
import { RunChart, runKind } from '../components/runChart';
import { minutes, utc } from '../format';
import { useLoad } from '../load';
import { href } from '../route';
import { allReconciliation, heldForGaps } from '../reconciliation';
import { awaitingConfirmation, heldByNewestRuns, latestCompleteByInstallation, recentRuns, runsToLookAt } from '../runs';
import { can, useSession } from '../session';
import type { Period, Reconciliation, Run, UsagePage } from '../types';

export function Overview() {
  const { api } = useSession();
  const runs = useLoad(() => recentRuns(api), [api]);
  return (
    <>
      <h1>Overview</h1>
      <Loading loaded={runs}>
        {(list) => (
          <>
            <LatestRuns runs={list} />
            <AwaitingConfirmation runs={list} onConfirmed={runs.reload} />
            <Section title="Recent runs" id="recent-runs">
              <RunChart runs={list} />
            </Section>
            <RunsToLookAt runs={list} />
            <HeldServers runs={list} />
          </>
        )}
      </Loading>
      <Attention />
    </>
  );
}

function LatestRuns({ runs }: { readonly runs: readonly Run[] }) {
  const latest = latestCompleteByInstallation(runs);
  const newest = new Map<string, Run>();
  for (const run of runs) if (!newest.has(run.installation)) newest.set(run.installation, run);
  return (
    <Section title="Latest complete run" id="latest-run">
      {latest.size === 0 ? (
        <p class="note">No snapshot run yet: the schedules have not run, or snapshot-servers has not been invoked.</p>
      ) : (
        <TableScroll label="Latest complete run per installation">
          <table>
            <TableHead columns={['Installation', 'Latest complete run', 'Servers seen', 'Newest run']} />
            <tbody>
              {[...latest].map(([installation, run]) => {
                const last = newest.get(installation);
                return (
                  <tr key={installation}>
                    <th scope="row">{installation}</th>
                    <td>{run ? utc(run.time) : `none among the last ${runs.length} runs`}</td>
                    <td>{run?.serversSeen ?? '—'}</td>
                    <td>
                      {last ? (
                        <>
                          {utc(last.time)} <Badge kind={runKind(last)}>{runKind(last)}</Badge>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Section>
  );
}

function AwaitingConfirmation({ runs, onConfirmed }: { readonly runs: readonly Run[]; readonly onConfirmed: () => void }) {
  const { api, self } = useSession();
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const waiting = awaitingConfirmation(runs);
  if (waiting.length === 0 && result === undefined) return null;
  const confirmRun = async (run: Run) => {
    // It ends billing of those servers: asked once more.
    if (!confirm(`End servers ${(run.suspectServerIds ?? []).join(', ')} of ${run.installation} at their last sighting? Check in SolusIO first that they are gone.`)) return;
    setError(undefined);
    setBusy(true);
    try {
      const answer = await api.post<{ confirmed: number[]; alreadyResolved: number[] }>(
        `/v1/runs/${encodeURIComponent(run.time)}/confirm-deletions${query({ installation: run.installation })}`,
      );
      setResult(`Confirmed: servers ${answer.confirmed.join(', ') || 'none'} of ${run.installation} ended at their last sighting${answer.alreadyResolved.length > 0 ? `; ${answer.alreadyResolved.join(', ')} were already resolved` : ''}.`);
      onConfirmed();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Suspect runs awaiting confirmation" id="suspect-runs">
      <Outcome message={result} error={error} />
      {waiting.length > 0 ? (
        <>
          <p>
            These runs saw many servers vanish at once without a deletion in SolusIO's activity log, so the bridge keeps billing them until an admin confirms they are gone. Check in
            SolusIO first.
          </p>
          <ul class="cards">
            {waiting.map((run) => (
              <li key={`${run.installation}-${run.time}`} class="card">
                <p>
                  <strong>{utc(run.time)}</strong> ({run.installation}): servers {(run.suspectServerIds ?? []).join(', ') || '(see the run)'} held open.
                </p>
                {can(self, 'admin') ? (
                  <button type="button" disabled={busy} onClick={() => void confirmRun(run)}>
                    Confirm the deletions of {run.installation} at {utc(run.time)}
                  </button>
                ) : (
                  <p class="help">An admin key confirms them.</p>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

function describe(run: Run): string {
  const parts: string[] = [];
  if (run.gapFrom !== undefined) parts.push(`Gap of ${minutes(run.gapMinutes ?? 0)}: no complete run from ${utc(run.gapFrom)} to ${utc(run.time)}`);
  if (run.partial && run.superseded !== true) parts.push(`Partial: ${run.error ?? 'SolusIO did not list every server'}`);
  if ((run.heldServerIds ?? []).length > 0) parts.push(`Held: servers ${(run.heldServerIds ?? []).join(', ')} kept at their last recorded state (month item full)`);
  if (run.suspect) parts.push(`Suspect: servers ${(run.suspectServerIds ?? []).join(', ')} vanished at once${run.confirmedAt ? `; confirmed ${utc(run.confirmedAt)}` : ''}`);
  return parts.join('. ');
}

function RunsToLookAt({ runs }: { readonly runs: readonly Run[] }) {
  const look = runsToLookAt(runs);
  return (
    <Section title="Gaps, partial and suspect runs" id="runs-to-look-at">
      {look.length === 0 ? (
        <p class="note ok">All {runs.length} recent runs were complete, on time and unsuspicious.</p>
      ) : (
        <TableScroll label="Gaps, partial and suspect runs">
          <table>
            <TableHead columns={['Run', 'Installation', 'What happened']} />
            <tbody>
              {look.map((run) => (
                <tr key={`${run.installation}-${run.time}`}>
                  <td>{utc(run.time)}</td>
                  <td>{run.installation}</td>
                  <td>{describe(run)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Section>
  );
}

/** Servers the newest runs could not record a change of: billed as last recorded until a run can. */
function HeldServers({ runs }: { readonly runs: readonly Run[] }) {
  const held = heldByNewestRuns(runs);
  return (
    <Section title="Held servers" id="held-servers">
      {held.length === 0 ? (
        <p class="note ok">None: the newest runs recorded every change they saw.</p>
      ) : (
        <ul>
          {held.map((entry) => (
            <li key={entry.installation}>
              {entry.installation}: servers {entry.serverIds.join(', ')} at {utc(entry.time)}. Their month's record is full, so the bridge keeps them at their last recorded
              state and detects the change again at each run (alarm HeldServers; docs/operations.md).
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

interface AttentionData {
  readonly period?: Period;
  readonly usage?: UsagePage;
  readonly closed?: Period;
  readonly held?: Reconciliation['customers'];
  readonly heldError?: Error;
}

/** Unbilled servers of the newest period, and customers the last closed period's push held back. */
function Attention() {
  const { api } = useSession();
  const loaded = useLoad(async (): Promise<AttentionData> => {
    const { periods } = await api.get<{ periods: Period[] }>('/v1/periods');
    const newest = [...periods].sort((a, b) => (a.period < b.period ? 1 : -1));
    const period = newest[0];
    const closed = newest.find((entry) => entry.status === 'closed');
    const usage = period ? await api.get<UsagePage>(`/v1/usage${query({ period: period.period, limit: 1 })}`) : undefined;
    let held: Reconciliation['customers'] | undefined;
    let heldError: Error | undefined;
    if (closed) {
      try {
        held = heldForGaps(await allReconciliation(api, closed.period));
      } catch (error) {
        // No billing system configured: nothing is pushed, so nothing is held.
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        heldError = error;
      }
    }
    return { ...(period ? { period } : {}), ...(usage ? { usage } : {}), ...(closed ? { closed } : {}), ...(held ? { held } : {}), ...(heldError ? { heldError } : {}) };
  }, [api]);
  return (
    <Loading loaded={loaded}>
      {(data) => (
        <>
          <Section title="Unbilled servers" id="unbilled">
            {data.period === undefined ? (
              <p class="note">No period yet.</p>
            ) : (data.usage?.unbilled ?? []).length === 0 ? (
              <p class="note ok">None in {data.period.period}: every server that existed was priced.</p>
            ) : (
              <>
                <p>Servers of {data.period.period} that lived between two complete runs and that the bridge cannot price (it never saw their plan or owner).</p>
                <TableScroll label="Unbilled servers">
                  <table>
                    <TableHead columns={['Server', 'Installation', 'Created', 'Deleted', 'Reason']} />
                    <tbody>
                      {(data.usage?.unbilled ?? []).map((server) => (
                        <tr key={`${server.installation}-${server.serverId}`}>
                          <td>{server.serverId}</td>
                          <td>{server.installation}</td>
                          <td>{utc(server.createdAt)}</td>
                          <td>{utc(server.deletedAt)}</td>
                          <td>{server.reason.replace(/_/g, ' ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
                {(data.usage?.unbilledCount ?? 0) > (data.usage?.unbilled ?? []).length ? (
                  <p class="help">
                    And {(data.usage?.unbilledCount ?? 0) - (data.usage?.unbilled ?? []).length} more (GET /v1/usage lists the first of them).
                  </p>
                ) : null}
              </>
            )}
          </Section>
          <Section title="Held from the push" id="held">
            {data.closed === undefined ? (
              <p class="note">No closed period yet.</p>
            ) : data.heldError ? (
              <p class="note">{data.heldError.message}</p>
            ) : (data.held ?? []).length === 0 ? (
              <p class="note ok">No customer of {data.closed.period} is held for a snapshot gap.</p>
            ) : (
              <p>
                {(data.held ?? []).length} customers of {data.closed.period} are held for a long snapshot gap:{' '}
                <a href={href({ page: 'periods', period: data.closed.period })}>check and push them on the period's page</a>.
              </p>
            )}
          </Section>
        </>
      )}
    </Loading>
  );
}
