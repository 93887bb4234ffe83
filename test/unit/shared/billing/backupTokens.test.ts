import { backupTokens } from '../../../../shared/billing';
import { groupsOf, piece, plan } from './fixtures';

describe('backupTokens', () => {
  it.each([
    ['a whole month at 10 %', [piece(720, { backupsEnabled: true })], 500n],
    ['700 h at 10 %', [piece(700, { backupsEnabled: true })], 490n],
    ['1 h 40 min at 10 % (1.4 -> 1)', [piece(0, { ms: 100 * 60_000, backupsEnabled: true })], 1n],
    ['1 h at 10 % (0.7 -> 1)', [piece(1, { backupsEnabled: true })], 1n],
    ['5 h at 10 % (3.5 -> 4, half up)', [piece(5, { backupsEnabled: true })], 4n],
    [
      '5 h at 5 tokens/h, 10 % (2.5 -> 3, half up; half even would give 2)',
      [piece(5, { backupsEnabled: true, plan: plan({ tokensPerHour: 5 }) })],
      3n,
    ],
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

  it('caps each plan group at its own cap inside the sum (100 + 224 = 324)', () => {
    // Prepare: plan 1 (7/h, cap 1000) for 400 h: min(2800, 1000) = 1000; plan 2 (7/h, cap 5000) for
    // 320 h: 2240. Without the per-group cap the sum would be 280 + 224 = 504, capped at 500.
    const groups = groupsOf(
      piece(400, { backupsEnabled: true, plan: plan({ id: 1, tokensPerMonth: 1000 }) }),
      piece(320, { backupsEnabled: true, plan: plan({ id: 2, tokensPerMonth: 5000 }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess
    expect(tokens).toBe(324n);
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

  it('uses the largest percentage for the ceiling when a later group has it', () => {
    // Prepare: 10 % of 8000-capped 20/h for 300 h (600) + 12.5 % of capped 5000 (625) = 1225;
    // ceiling 12.5 % * 8000 = 1000 (the first group's 10 % would give 800)
    const groups = groupsOf(
      piece(300, { backupsEnabled: true, plan: plan({ id: 2, tokensPerHour: 20, tokensPerMonth: 8000 }) }),
      piece(720, { backupsEnabled: true, plan: plan({ id: 1, backupPrice: '12.5' }) }),
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

  it('takes neither the percentage nor the cap of a group without backup time for the ceiling', () => {
    // Prepare: a capped plan with 50 % and cap 9000 that never had backups on
    const groups = groupsOf(
      piece(400, { backupsEnabled: true }),
      piece(320, { backupsEnabled: true, plan: plan({ id: 2 }) }),
      piece(10, { plan: plan({ id: 3, tokensPerMonth: 9000, backupPrice: 50 }) }),
    );

    // Act
    const tokens = backupTokens(groups);

    // Assess: 504 capped at 10 % of 5000, not at 50 % of 5000 or 10 % of 9000
    expect(tokens).toBe(500n);
  });
});
