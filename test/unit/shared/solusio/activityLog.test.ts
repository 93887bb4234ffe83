import { ACTIVITY_EVENTS, readActivityLogEntry, type SolusActivityLog } from '../../../../shared/solusio';

describe('activityLog', () => {
  const entry = (data: unknown): SolusActivityLog => ({
    id: 12,
    event: ACTIVITY_EVENTS.deleteRequested,
    userEmail: 'a@example.test',
    createdAt: '2026-11-03T10:00:00Z',
    data,
  });

  describe('readActivityLogEntry', () => {
    it('reads the server id from data.compute_resource_vm.id', () => {
      // Act
      const read = readActivityLogEntry(entry({ compute_resource_vm: { id: 4, uuid: 'u', name: 's4' }, extra: true }));

      // Assess
      expect(read).toEqual({ id: 12, event: 'compute_resource_vm_delete_requested', createdAt: '2026-11-03T10:00:00Z', serverId: 4 });
    });

    it.each([
      ['no data', undefined],
      ['null data', null],
      ['a string', 'compute_resource_vm 4'],
      ['an array', [{ compute_resource_vm: { id: 4 } }]],
      ['another key', { server: { id: 4 } }],
      ['a null server', { compute_resource_vm: null }],
      ['an id as a string', { compute_resource_vm: { id: '4' } }],
      ['a zero id', { compute_resource_vm: { id: 0 } }],
      ['a fractional id', { compute_resource_vm: { id: 4.5 } }],
    ])('gives serverId undefined for %s, without throwing', (_name, data) => {
      // Act
      const read = readActivityLogEntry(entry(data));

      // Assess
      expect(read.serverId).toBeUndefined();
      expect(read.id).toBe(12);
    });
  });

  describe('ACTIVITY_EVENTS', () => {
    it('names the events as SolusIO does', () => {
      // Assess
      expect(ACTIVITY_EVENTS).toEqual({
        serverCreated: 'compute_resource_vm_created',
        deleteRequested: 'compute_resource_vm_delete_requested',
        ipCreated: 'additional_ip_created',
        ipDeleted: 'additional_ip_deleted',
      });
    });
  });
});
