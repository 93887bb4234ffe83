import { backupTokens } from '../../../../shared/billing';
import { groupsOf, piece, plan } from './fixtures';

describe('backupTokens', () => {
  it.each([
    ['a whole month at 10 %', [piece(720, { backupsEnabled: true })], 500n],
    ['700 h at 10 %', [piece(700, { backupsEnabled: true })], 490n],
    ['1 h 40 min at 10 % (1.4 -> 1)', [piece(0, { ms: 100 * 60_000, backupsEnabled: true })], 1n],
    ['1 h at 10 % (0.7 -> 1)', [piece(1, { backupsEnabled: true })], 1n],
    ['5 h at 10 % (3.5 -> 4, half up)', [piece(5, { backupsEnabled: true })], 4n],
    ['4 h at 12.5 % (3.5 -> 4)', [piece(4, { backupsEnabled: true, plan: plan({ backupPrice: '12.5' }) })], 4n],
    ['4 h at 12.4 % (3.472 -> 3)', [piece(4, { backupsEnabled: true, plan: plan({ backupPrice: 12.4 }) })], 3n],
    ['backups off', [piece(720)], 0n],
    ['no pieces', [], 0n],
  ])('prices %s', (_name, pieces, expected) => {
    // Assess
    expect(backupTokens(groupsOf(...pieces))).toBe(expected);
  });

  it('caps two plan groups (400 h and 320 h at 7/h, 10 %) at 500 instead of 504', () => {
    // Prepare
    const groups = groupsOf(piece(400, { backupsEnabled: true }), piece(320, { backupsEnabled: true, plan: plan({ id: 2 }) }));

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(500n);
  });

  it('adds percentages of different scales exactly before rounding once', () => {
    // Prepare: 12.5 % of 3 tokens (0.375) + 10.25 % of 4 tokens (0.41) = 0.785 -> 1 (per group: 0 + 0)
    const groups = groupsOf(
      piece(1, { backupsEnabled: true, plan: plan({ id: 1, tokensPerHour: 3, backupPrice: '12.5' }) }),
      piece(1, { backupsEnabled: true, plan: plan({ id: 2, tokensPerHour: 4, backupPrice: '10.25' }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(1n);
  });

  it('rounds the sum, not each group', () => {
    // Prepare: 0.7 + 0.7 = 1.4 -> 1 (per group it would be 1 + 1)
    const groups = groupsOf(piece(1, { backupsEnabled: true }), piece(1, { backupsEnabled: true, plan: plan({ id: 2 }) }));

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(1n);
  });

  it('uses the largest percentage and the largest cap for the ceiling, rounded half up', () => {
    // Prepare: 12.5 % of capped 5000 (625) + 10 % of 8000-capped 20/h for 300 h (600) = 1225;
    // ceiling 12.5 % * 8000 = 1000
    const groups = groupsOf(
      piece(720, { backupsEnabled: true, plan: plan({ id: 1, backupPrice: '12.5' }) }),
      piece(300, { backupsEnabled: true, plan: plan({ id: 2, tokensPerHour: 20, tokensPerMonth: 8000 }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(1000n);
  });

  it('rounds the ceiling half up', () => {
    // Prepare: 0.5 % of cap 100 = 0.5 -> 1; two groups at 7/h: 0.5 % * (100 + 100) = 1
    const groups = groupsOf(
      piece(720, { backupsEnabled: true, plan: plan({ id: 1, tokensPerMonth: 100, backupPrice: '0.5' }) }),
      piece(720, { backupsEnabled: true, plan: plan({ id: 2, tokensPerMonth: 100, backupPrice: '0.5' }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(1n);
  });

  it('has no ceiling when a group with backup time has no cap', () => {
    // Prepare
    const groups = groupsOf(
      piece(400, { backupsEnabled: true }),
      piece(320, { backupsEnabled: true, plan: plan({ id: 2, tokensPerMonth: 0 }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(280n + 224n);
  });

  it('ignores plan groups without backup time', () => {
    // Prepare: the uncapped, 50 % plan never had backups on
    const groups = groupsOf(
      piece(400, { backupsEnabled: true }),
      piece(320, { backupsEnabled: true, plan: plan({ id: 2 }) }),
      piece(10, { plan: plan({ id: 3, tokensPerMonth: 0, backupPrice: 50 }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(500n);
  });
});
