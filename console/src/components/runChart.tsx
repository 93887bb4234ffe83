import type { Run } from '../types';
import { utc } from '../format';

export type RunKind = 'complete' | 'partial' | 'suspect' | 'superseded';

/** What a run was; a superseded one (a late delivery a newer run had already replaced) is not partial, it was ignored. */
export function runKind(run: Run): RunKind {
  if (run.superseded === true) return 'superseded';
  if (run.suspect) return 'suspect';
  return run.partial ? 'partial' : 'complete';
}

const ROW = 24;
const MARK = 6;

/**
 * Recent runs as bars, oldest left, one row per installation: a bar's colour is the run's kind and
 * a mark above it says a gap ended there. The counts say the same in words (the image's label), for
 * a screen reader and for anyone who does not tell the colours apart.
 */
export function RunChart({ runs }: { readonly runs: readonly Run[] }) {
  if (runs.length === 0) return <p class="note">No snapshot run yet.</p>;
  const installations = [...new Set(runs.map((run) => run.installation))].sort();
  const oldestFirst = [...runs].reverse();
  const times = [...new Set(oldestFirst.map((run) => run.time))];
  const column = new Map(times.map((time, index) => [time, index]));
  const counts = { complete: 0, partial: 0, suspect: 0, superseded: 0, gaps: 0 };
  for (const run of runs) {
    counts[runKind(run)] += 1;
    if (run.gapFrom !== undefined) counts.gaps += 1;
  }
  const superseded = counts.superseded > 0 ? `, ${counts.superseded} superseded` : '';
  const summary = `${runs.length} runs from ${utc(oldestFirst[0]?.time)} to ${utc(runs[0]?.time)}: ${counts.complete} complete, ${counts.partial} partial, ${counts.suspect} suspect${superseded}, ${counts.gaps} after a gap`;
  const height = installations.length * (ROW + MARK);
  return (
    <figure class="run-chart">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${times.length} ${height}`} preserveAspectRatio="none" height={Math.max(40, installations.length * 40)}>
        {oldestFirst.map((run) => {
          const row = installations.indexOf(run.installation) * (ROW + MARK);
          const x = column.get(run.time) ?? 0;
          return (
            <g key={`${run.installation}-${run.time}`}>
              <rect class={`bar bar-${runKind(run)}`} x={x} y={row + MARK} width={1} height={ROW} />
              {run.gapFrom !== undefined ? <rect class="bar bar-gap" x={x} y={row} width={1} height={MARK - 1} /> : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <p>{summary}.</p>
        {installations.length > 1 ? <p>Rows, top to bottom: {installations.join(', ')}.</p> : null}
        <ul class="legend">
          <li>
            <span class="swatch bar-complete" aria-hidden="true" /> complete
          </li>
          <li>
            <span class="swatch bar-partial" aria-hidden="true" /> partial (SolusIO did not list every server)
          </li>
          <li>
            <span class="swatch bar-suspect" aria-hidden="true" /> suspect (many servers vanished at once)
          </li>
          <li>
            <span class="swatch bar-superseded" aria-hidden="true" /> superseded (a late run a newer one had replaced: ignored)
          </li>
          <li>
            <span class="swatch bar-gap" aria-hidden="true" /> mark above: the first complete run after a gap
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
