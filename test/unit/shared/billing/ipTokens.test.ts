import { ipTokens } from '../../../../shared/billing';
import { groupsOf, piece, plan } from './fixtures';

describe('ipTokens', () => {
  it('is 0 without additional IPs', () => {
    // Assess
    expect(ipTokens(groupsOf(piece(720)))).toBe(0n);
  });

  it('is 0 without groups', () => {
    // Assess
    expect(ipTokens([])).toBe(0n);
  });

  it('prices one IP all month and a second for 320 h as 500 + 320', () => {
    // Prepare
    const groups = groupsOf(piece(400, { additionalIpCount: 1 }), piece(320, { additionalIpCount: 2 }));

    // Act
    const tokens = ipTokens(groups);

    // Assess
    expect(tokens).toBe(820n);
  });

  it('prices many slots of the same time once and multiplies', () => {
    // Prepare
    const groups = groupsOf(piece(720, { additionalIpCount: 1000 }));

    // Act
    const tokens = ipTokens(groups);

    // Assess
    expect(tokens).toBe(500_000n);
  });

  it('rounds each slot per plan group, independently of the runtime rounding', () => {
    // Prepare: slot 1 for 10 min in plan 1 and 10 min in plan 2 -> 1 h + 1 h
    const groups = groupsOf(
      piece(0, { ms: 600_000, additionalIpCount: 1 }),
      piece(0, { ms: 600_000, additionalIpCount: 1, plan: plan({ id: 2, ipTokensPerHour: 3 }) }),
    );

    // Act
    const tokens = ipTokens(groups);

    // Assess
    expect(tokens).toBe(1n + 3n);
  });

  it.each([
    ['the largest cap among the groups the slot existed in', 300, 200, 300n],
    ['no overall cap when one of those groups has none', 300, 0, 300n + 320n],
  ])('applies %s', (_name, firstCap, secondCap, expected) => {
    // Prepare
    const groups = groupsOf(
      piece(400, { additionalIpCount: 1, plan: plan({ id: 1, ipTokensPerMonth: firstCap }) }),
      piece(320, { additionalIpCount: 1, plan: plan({ id: 2, ipTokensPerMonth: secondCap }) }),
    );

    // Act
    const tokens = ipTokens(groups);

    // Assess
    expect(tokens).toBe(expected);
  });

  it('ignores the caps of groups in which a slot did not exist', () => {
    // Prepare: the slot lives only in the 300-capped plan; the uncapped plan has no IP
    const groups = groupsOf(
      piece(400, { additionalIpCount: 0, plan: plan({ id: 1, ipTokensPerMonth: 0 }) }),
      piece(320, { additionalIpCount: 1, plan: plan({ id: 2, ipTokensPerMonth: 300 }) }),
    );

    // Act
    const tokens = ipTokens(groups);

    // Assess
    expect(tokens).toBe(300n);
  });
});
