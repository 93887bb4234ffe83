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

  it('lets no group in which a slot did not exist lift the overall cap (200, not 400)', () => {
    // Prepare: slot 1 for 240 h and 264 h in two plans with IP cap 200; a third plan with IP cap 0
    // (no cap) in which the IP never existed
    const groups = groupsOf(
      piece(240, { additionalIpCount: 1, plan: plan({ id: 1, ipTokensPerMonth: 200 }) }),
      piece(264, { additionalIpCount: 1, plan: plan({ id: 2, ipTokensPerMonth: 200 }) }),
      piece(216, { additionalIpCount: 0, plan: plan({ id: 3, ipTokensPerMonth: 0 }) }),
    );

    // Act
    const tokens = ipTokens(groups);

    // Assess: min(240, 200) + min(264, 200) = 400, capped at the largest cap of the slot's groups
    expect(tokens).toBe(200n);
  });

  it('lets no group in which a slot did not exist raise the overall cap', () => {
    // Prepare: as above, but the third plan's IP cap is 900
    const groups = groupsOf(
      piece(240, { additionalIpCount: 1, plan: plan({ id: 1, ipTokensPerMonth: 200 }) }),
      piece(264, { additionalIpCount: 1, plan: plan({ id: 2, ipTokensPerMonth: 200 }) }),
      piece(216, { additionalIpCount: 0, plan: plan({ id: 3, ipTokensPerMonth: 900 }) }),
    );

    // Act
    const tokens = ipTokens(groups);

    // Assess
    expect(tokens).toBe(200n);
  });
});
