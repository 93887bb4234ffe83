import type { BillablePiece, PlanGroup } from './types';

/**
 * Groups one server part's pieces by plan group (plan id and prices as observed), in order of
 * first appearance. Pieces of a group need not be contiguous: a downgrade and an upgrade back
 * land in the same group.
 */
export const groupByPlan = (pieces: readonly BillablePiece[]): PlanGroup[] => {
  const groups = new Map<string, BillablePiece[]>();
  for (const piece of pieces) {
    const members = groups.get(piece.plan.key);
    if (members === undefined) groups.set(piece.plan.key, [piece]);
    else members.push(piece);
  }
  return [...groups.values()].map((members) => ({ plan: (members[0] as BillablePiece).plan, pieces: members }));
};

/** Sum of the pieces' milliseconds that match a predicate. */
export const sumMs = (pieces: readonly BillablePiece[], include: (piece: BillablePiece) => boolean = () => true): number =>
  pieces.reduce((total, piece) => (include(piece) ? total + piece.ms : total), 0);
