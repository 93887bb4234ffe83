import { USAGE_FLAGS } from './constants';
import { customerReference } from './customerReference';
import { InvalidIntervalError, InvalidUsageInputError, OverlappingIntervalsError } from './errors';
import { clipInterval, durationMs, findOverlap } from './intervals';
import { ceilMs, compareExactInstants, parseExactInstant } from './instants';
import type { ExactInstant } from './instants';
import type { BillablePiece, MsInterval, ParsedPlan, Segment, ServerUsageInput, UsageFlag } from './types';
import { assertBoolean, assertNonNegativeInteger, parsePlan } from './validation';

/** A validated segment: `start`/`end` are its bounds rounded outwards to whole milliseconds. */
interface TimedSegment extends MsInterval {
  readonly exactStart: ExactInstant;
  readonly exactEnd: ExactInstant;
  readonly segment: Segment;
  readonly plan: ParsedPlan;
  readonly flags: readonly UsageFlag[];
}

const KNOWN_FLAGS: ReadonlySet<string> = new Set(USAGE_FLAGS);

const parseFlags = (flags: readonly UsageFlag[] | undefined, field: string): readonly UsageFlag[] => {
  const list = flags ?? [];
  if (!Array.isArray(list)) throw new InvalidUsageInputError(field, 'must be an array of flags');
  for (const flag of list) {
    if (!KNOWN_FLAGS.has(flag)) {
      throw new InvalidUsageInputError(field, `unknown flag ${JSON.stringify(flag)} (known: ${USAGE_FLAGS.join(', ')})`);
    }
  }
  return list;
};

const validateSegment = (serverId: number, segment: Segment, field: string): TimedSegment => {
  const exactStart = parseExactInstant(segment.start, `${field}.start`);
  const exactEnd = parseExactInstant(segment.end, `${field}.end`);
  if (compareExactInstants(exactEnd, exactStart) < 0) throw new InvalidIntervalError(serverId, segment.start, segment.end);
  assertNonNegativeInteger(segment.owner.userId, `${field}.owner.userId`);
  if (segment.owner.billingUserId !== null) {
    assertNonNegativeInteger(segment.owner.billingUserId, `${field}.owner.billingUserId`);
  }
  assertNonNegativeInteger(segment.additionalIpCount, `${field}.additionalIpCount`);
  assertBoolean(segment.backupsEnabled, `${field}.backupsEnabled`);
  assertBoolean(segment.suspended, `${field}.suspended`);
  const plan = parsePlan(segment.plan, `${field}.plan`);
  const flags = parseFlags(segment.flags, `${field}.flags`);
  return { start: exactStart.ms, end: ceilMs(exactEnd), exactStart, exactEnd, segment, plan, flags };
};

/** Orders segments by their exact start, then their exact end. */
const byExactTime = (a: TimedSegment, b: TimedSegment): number =>
  compareExactInstants(a.exactStart, b.exactStart) || compareExactInstants(a.exactEnd, b.exactEnd);

/**
 * Validates a server's segments and returns its billable pieces inside the window: segments are
 * sorted, checked for overlap (touching is fine), clipped to the window, and suspended time is
 * dropped unless `billSuspendedTime`. Empty segments contribute nothing.
 *
 * Instants are compared with all their digits. Each segment is rounded outwards to whole
 * milliseconds (start down, end up), so no time below the millisecond is lost; where two segments
 * meet inside a millisecond, that millisecond goes to the earlier one (the later one starts at the
 * earlier one's rounded end), so it is not billed twice.
 */
export const billablePieces = (server: ServerUsageInput, window: MsInterval, billSuspendedTime: boolean): BillablePiece[] => {
  const field = `servers[${server.serverId}]`;
  assertNonNegativeInteger(server.serverId, 'serverId');
  assertBoolean(server.prepaid, `${field}.prepaid`);
  const timed = server.segments.map((segment, index) => validateSegment(server.serverId, segment, `${field}.segments[${index}]`));
  const sorted = timed.filter((entry) => compareExactInstants(entry.exactEnd, entry.exactStart) > 0).sort(byExactTime);
  const overlap = findOverlap(sorted, (previous, current) => compareExactInstants(current.exactStart, previous.exactEnd) < 0);
  if (overlap !== undefined) {
    const [first, second] = overlap;
    throw new OverlappingIntervalsError(
      server.serverId,
      { start: first.segment.start, end: first.segment.end },
      { start: second.segment.start, end: second.segment.end },
    );
  }
  let previousEnd = Number.NEGATIVE_INFINITY;
  return sorted.flatMap(({ start, end, segment, plan, flags }): BillablePiece[] => {
    const clipped = clipInterval({ start: Math.max(start, previousEnd), end }, window);
    previousEnd = end;
    if (clipped === undefined || (segment.suspended && !billSuspendedTime)) return [];
    return [
      {
        userId: segment.owner.userId,
        customer: customerReference(segment.owner),
        plan,
        ms: durationMs(clipped),
        backupsEnabled: segment.backupsEnabled,
        additionalIpCount: segment.additionalIpCount,
        flags,
      },
    ];
  });
};
