import { keys } from '../../../../shared/storage/keys';

// Items written before installations existed must read as installation `default`: its keys are
// exactly the old ones (literal here, on purpose), and every other installation's are apart.
describe('store keys per installation', () => {
  it('keeps the keys written before installations for the default installation', () => {
    expect(keys.runRecord('servers', '2026-11-01T00:00:00Z')).toEqual({ pk: 'RUN#servers', sk: 'T#2026-11-01T00:00:00Z' });
    expect(keys.latestCompleteRun('servers')).toEqual({ pk: 'RUN#servers', sk: 'LATEST_COMPLETE' });
    expect(keys.observedShard(3)).toEqual({ pk: 'OBSERVED#servers', sk: 'SHARD#0003' });
    expect(keys.observedMeta()).toEqual({ pk: 'OBSERVED#servers', sk: 'META' });
    expect(keys.serverMonth(17, '2026-11')).toEqual({ pk: 'MONTH#2026-11#01', sk: 'SERVER#000000000017' });
    expect(keys.monthPartition('2026-11', 1)).toBe('MONTH#2026-11#01');
    expect(keys.gap('servers', '2026-11-02T00:00:00Z')).toEqual({ pk: 'GAP#servers', sk: '2026-11-02T00:00:00Z' });
    expect(keys.backup(17, 4)).toEqual({ pk: 'BACKUPS#000000000017', sk: 'BACKUP#000000000004' });
    expect(keys.usageRow('2026-11', '1001', 17)).toEqual({ pk: 'USAGE#2026-11#1001', sk: 'SERVER#000000000017' });
    expect(keys.adjustmentRow('2026-12', '1001', '2026-11', 17)).toEqual({ pk: 'USAGE#2026-12#1001', sk: 'ADJ#2026-11#000000000017' });
    expect(keys.aggregationShard('2026-11', 2)).toEqual({ pk: 'AGG#2026-11', sk: 'SHARD#02' });
    expect(keys.lateMark('2026-11', 17)).toEqual({ pk: 'LATE#2026-11', sk: 'SERVER#000000000017' });
    expect(keys.settledAdjustment('2026-11', '2026-12', '1001', 17)).toEqual({ pk: 'SETTLED#2026-11', sk: '2026-12#1001#000000000017' });
    expect(keys.prepaidShard(65)).toEqual({ pk: 'PREPAID', sk: 'SERVERS#01' });
    expect(keys.meteredPartition()).toBe('METERED');
    expect(keys.serverSortTail(17)).toBe('SERVER#000000000017');
  });

  it('names every other installation in the partition, or in the sort key where installations mix', () => {
    expect(keys.runRecord('servers', '2026-11-01T00:00:00Z', 'eu')).toEqual({ pk: 'RUN#servers@eu', sk: 'T#2026-11-01T00:00:00Z' });
    expect(keys.observedShard(3, 'eu').pk).toBe('OBSERVED#servers@eu');
    expect(keys.serverMonth(17, '2026-11', 'eu')).toEqual({ pk: 'MONTH@eu#2026-11#01', sk: 'SERVER#000000000017' });
    expect(keys.gap('servers', '2026-11-02T00:00:00Z', 'eu').pk).toBe('GAP#servers@eu');
    expect(keys.backupPartition(17, 'eu')).toBe('BACKUPS@eu#000000000017');
    expect(keys.usageRow('2026-11', '1001', 17, 'eu')).toEqual({ pk: 'USAGE#2026-11#1001', sk: 'SERVER@eu#000000000017' });
    expect(keys.adjustmentRow('2026-12', '1001', '2026-11', 17, 'eu').sk).toBe('ADJ@eu#2026-11#000000000017');
    expect(keys.aggregationPartition('2026-11', 'eu')).toBe('AGG@eu#2026-11');
    expect(keys.latePartition('2026-11', 'eu')).toBe('LATE@eu#2026-11');
    expect(keys.settledAdjustment('2026-11', '2026-12', '1001', 17, 'eu').sk).toBe('2026-12#1001#eu@000000000017');
    expect(keys.prepaidPartition('eu')).toBe('PREPAID@eu');
    expect(keys.serverSortTail(17, 'eu')).toBe('SERVER@eu#000000000017');
  });
});
