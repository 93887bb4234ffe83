import { USAGE_FLAGS } from './constants';
import { customerReference } from './customerReference';
import { InvalidIntervalError, InvalidUsageInputError, OverlappingIntervalsError } from './errors';
import { clipInterval, durationMs, findOverlap, sortIntervals } from './intervals';
import { parseInstant } from './instants';
import type { BillablePiece, MsInterval, ParsedPlan, Segment, ServerUsageInput, UsageFlag } from './types';
import { assertBoolean, assertNonNegativeInteger, parsePlan } from './validation';

interface TimedSegment extends MsInterval {
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
  const start = parseInstant(segment.start, `${field}.start`);
  const end = parseInstant(segment.end, `${field}.end`);
  if (end < start) throw new InvalidIntervalError(serverId, segment.start, segment.end);
  assertNonNegativeInteger(segment.owner.userId, `${field}.owner.userId`);
  if (segment.owner.billingUserId !== null) {
    assertNonNegativeInteger(segment.owner.billingUserId, `${field}.owner.billingUserId`);
  }
  assertNonNegativeInteger(segment.additionalIpCount, `${field}.additionalIpCount`);
  assertBoolean(segment.backupsEnabled, `${field}.backupsEnabled`);
  assertBoolean(segment.suspended, `${field}.suspended`);
  const plan = parsePlan(segment.plan, `${field}.plan`);
  return { start, end, segment, plan, flags: parseFlags(segment.flags, `${field}.flags`) };
};

/**
 * Validates a server's segments and returns its billable pieces inside the window: segments are
 * sorted, checked for overlap (touching is fine), clipped to the window, and suspended time is
 * dropped unless `billSuspendedTime`. Empty segments contribute nothing.
 */
export const billablePieces = (server: ServerUsageInput, window: MsInterval, billSuspendedTime: boolean): BillablePiece[] => {
  const field = `servers[${server.serverId}]`;
  assertNonNegativeInteger(server.serverId, 'serverId');
  assertBoolean(server.prepaid, `${field}.prepaid`);
  const timed = server.segments.map((segment, index) => validateSegment(server.serverId, segment, `${field}.segments[${index}]`));
  const sorted = sortIntervals(timed.filter((entry) => durationMs(entry) > 0));
  const overlap = findOverlap(sorted);
  if (overlap !== undefined) {
    const [first, second] = overlap;
    throw new OverlappingIntervalsError(
      server.serverId,
      { start: first.segment.start, end: first.segment.end },
      { start: second.segment.start, end: second.segment.end },
    );
  }
  return sorted.flatMap(({ start, end, segment, plan, flags }): BillablePiece[] => {
    const clipped = clipInterval({ start, end }, window);
    if (clipped === undefined || (segment.suspended && !billSuspendedTime)) return [];
    return [
      {
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
