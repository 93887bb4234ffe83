import type { ServerHistory } from '../types';
import { utc } from '../format';
import { periodEnd } from '../periods';

const WIDTH = 1000;

/** A period's first instant and the next period's, in ms. */
function periodBounds(period: string): [number, number] {
  return [Date.parse(`${period}-01T00:00:00Z`), Date.parse(periodEnd(period))];
}

/**
 * The audit trail as a picture: the month left to right; a band per segment (what the server was
 * billed as, its plan's colour; hatched while suspended), a tick at every run that saw a change,
 * the gaps in red. The table beside it says the same in words.
 */
export function Timeline({ history }: { readonly history: ServerHistory }) {
  const [start, end] = periodBounds(history.period);
  const x = (iso: string | null) => {
    const at = iso === null ? end : Date.parse(iso);
    return (Math.min(Math.max(at, start), end) - start) / (end - start) * WIDTH;
  };
  const plans = [...new Set(history.segments.map((segment) => segment.plan.id))];
  const label = `${history.segments.length} billed stretches of server ${history.serverId} in ${history.period}, ${history.runs.length} runs that saw a change, ${history.gaps.length} gaps`;
  const days = Math.round((end - start) / 86_400_000);
  return (
    <figure class="timeline">
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} 70`} preserveAspectRatio="none" height="90">
        {Array.from({ length: days + 1 }, (_, day) => (
          <line key={day} class="day" x1={(day / days) * WIDTH} x2={(day / days) * WIDTH} y1={0} y2={70} />
        ))}
        {history.segments.map((segment) => (
          <rect
            key={segment.start}
            class={`segment plan-${plans.indexOf(segment.plan.id) % 4}${segment.suspended ? ' suspended' : ''}`}
            x={x(segment.start)}
            y={18}
            width={Math.max(1, x(segment.end) - x(segment.start))}
            height={30}
          />
        ))}
        {history.gaps.map((gap) => (
          <rect key={gap.from} class="gap" x={x(gap.from)} y={10} width={Math.max(2, x(gap.to) - x(gap.from))} height={46} />
        ))}
        {history.runs.map((run) => (
          <line key={run.time} class="change" x1={x(run.time)} x2={x(run.time)} y1={4} y2={64} />
        ))}
      </svg>
      <figcaption>
        {label}. From {utc(new Date(start).toISOString())} to {utc(new Date(end).toISOString())}; coloured bands: billed stretches (a colour per plan, hatched while suspended);
        red: gaps without a complete run; dark ticks: runs that saw a change.
      </figcaption>
    </figure>
  );
}
