import { SolusSchemaError, type SolusRequestInfo } from '../../../../shared/solusio';
import {
  activityLogSchema,
  backupSchema,
  itemSchema,
  pageSchema,
  parseResponse,
  planSchema,
  serverSchema,
  taskSchema,
  userSchema,
} from '../../../../shared/solusio/schemas';
import { activityLogJson, backupJson, pageJson, planJson, serverJson, taskJson, userJson } from './fixtures';

describe('SolusIO schemas', () => {
  const request: SolusRequestInfo = { method: 'GET', path: '/api/v1/servers', page: 3 };
  const page = pageSchema(serverSchema);

  /** The SolusSchemaError parseResponse throws for `body`. */
  const schemaError = (schema: Parameters<typeof parseResponse>[0], body: unknown): SolusSchemaError => {
    try {
      parseResponse(schema, body, request);
    } catch (error) {
      if (error instanceof SolusSchemaError) return error;
      throw error;
    }
    throw new Error('expected a SolusSchemaError');
  };

  describe('serverSchema', () => {
    it('turns a SolusIO server into the domain type', () => {
      // Act
      const server = serverSchema.parse(serverJson(4));

      // Assess
      expect(server).toEqual({
        id: 4,
        uuid: '00000000-0000-4000-8000-000000000004',
        name: 's4.example.test',
        status: 'started',
        isSuspended: false,
        isProcessing: false,
        plan: { id: 1, name: 'A', tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 12.5 },
        user: { id: 1, email: 'a@example.test', status: 'active', billingUserId: 7 },
        backupsEnabled: true,
        ipv4: [
          { id: 40, ip: '198.18.0.40', isPrimary: true },
          { id: 41, ip: '198.18.0.41', isPrimary: false },
        ],
        additionalIpv4Count: 1,
        // The fixture leaves description out: a SolusIO that does carries no marker on any server.
        description: '',
        createdAt: '2026-11-03T10:00:00Z',
      });
    });

    it('keeps the description SolusIO stores with the server (the create marker)', () => {
      expect(serverSchema.parse({ ...serverJson(4), description: 'solus-billing-bridge service=S1' }).description).toBe('solus-billing-bridge service=S1');
      expect(serverSchema.parse({ ...serverJson(4), description: null }).description).toBe('');
    });

    it('counts every non-primary IPv4 as additional', () => {
      // Prepare
      const json = serverJson(1, { ip_addresses: { ipv4: [{ id: 1, ip: 'a', is_primary: false }, { id: 2, ip: 'b', is_primary: true }, { id: 3, ip: 'c', is_primary: false }] } });

      // Act
      const server = serverSchema.parse(json);

      // Assess
      expect(server.additionalIpv4Count).toBe(2);
    });

    it.each([
      ['ip_addresses.ipv4 is missing', { ip_addresses: { ipv6: null } }, 'data.3.ip_addresses.ipv4'],
      ['ip_addresses is missing', { ip_addresses: undefined }, 'data.3.ip_addresses'],
      ['an IP has no is_primary', { ip_addresses: { ipv4: [{ id: 1, ip: 'a' }] } }, 'data.3.ip_addresses.ipv4.0.is_primary'],
      ['backup_settings.enabled is missing', { backup_settings: {} }, 'data.3.backup_settings.enabled'],
      ['is_suspended is a string', { is_suspended: 'false' }, 'data.3.is_suspended'],
      ['the plan has no tokens_per_hour', { plan: planJson({ tokens_per_hour: undefined }) }, 'data.3.plan.tokens_per_hour'],
      ['the plan has fractional tokens', { plan: planJson({ tokens_per_month: 1.5 }) }, 'data.3.plan.tokens_per_month'],
      ['the plan has a negative backup price', { plan: planJson({ backup_price: -1 }) }, 'data.3.plan.backup_price'],
      ['the user has no billing_user_id key', { user: userJson({ billing_user_id: undefined }) }, 'data.3.user.billing_user_id'],
      ['created_at is missing', { created_at: undefined }, 'data.3.created_at'],
      ['created_at has a non-UTC offset', { created_at: '2026-11-03T10:00:00+01:00' }, 'data.3.created_at'],
      ['created_at has no zone', { created_at: '2026-11-03T10:00:00' }, 'data.3.created_at'],
      ['created_at is impossible', { created_at: '2026-02-30T10:00:00Z' }, 'data.3.created_at'],
    ])('fails, naming the field, when %s', (_name, overrides, field) => {
      // Prepare
      const body = pageJson('servers', [serverJson(1), serverJson(2), serverJson(3), serverJson(4, overrides)], 3, 3);

      // Act
      const error = schemaError(page, body);

      // Assess
      expect(error.field).toBe(field);
      expect(error).toMatchObject({ method: 'GET', path: '/api/v1/servers', page: 3 });
      expect(error.message).toMatch(new RegExp(`^GET /api/v1/servers \\(page 3\\): unexpected response: ${field.replace(/\./g, '\\.')}: `));
    });

    it('shows the rejected instant in the message', () => {
      // Act
      const error = schemaError(itemSchema(serverSchema), { data: serverJson(1, { created_at: '2026-11-03T10:00:00+01:00' }) });

      // Assess
      expect(error.message).toContain('data.created_at: not an ISO-8601 UTC instant (Z or +00:00): "2026-11-03T10:00:00+01:00"');
    });

    it.each(['2026-11-03T10:00:00.000000Z', '2026-11-03T10:00:00+00:00', '2026-11-03T10:00Z'])('accepts and keeps the UTC instant %s as sent', (createdAt) => {
      // Act
      const server = serverSchema.parse(serverJson(1, { created_at: createdAt }));

      // Assess
      expect(server.createdAt).toBe(createdAt);
    });
  });

  describe('planSchema', () => {
    it('reads the billing fields and ignores the computed price', () => {
      // Act
      const plan = planSchema.parse(planJson({ id: 2, tokens_per_month: 0, backup_price: 0 }));

      // Assess
      expect(plan).toEqual({ id: 2, name: 'A', tokensPerHour: 7, tokensPerMonth: 0, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 0 });
    });
  });

  describe('userSchema', () => {
    it.each([
      ['a billing id', 7, 7],
      ['0', 0, 0],
      ['null', null, null],
    ])('keeps billing_user_id %s as sent', (_name, sent, kept) => {
      // Act
      const user = userSchema.parse(userJson({ billing_user_id: sent }));

      // Assess
      expect(user.billingUserId).toBe(kept);
    });
  });

  describe('backupSchema', () => {
    it('reads a backup and the id of its server', () => {
      // Act
      const backup = backupSchema.parse(backupJson(3));

      // Assess
      expect(backup).toEqual({ id: 3, type: 'full', creationMethod: 'auto', status: 'created', size: 1.25, createdAt: '2026-11-03T11:00:00+00:00', serverId: 4 });
    });

    it('leaves serverId out when SolusIO does not embed the server', () => {
      // Act
      const backup = backupSchema.parse(backupJson(3, { compute_resource_vm: undefined }));

      // Assess
      expect(backup).not.toHaveProperty('serverId');
    });

    it('rejects an unknown status', () => {
      // Act
      const error = schemaError(itemSchema(backupSchema), { data: backupJson(3, { status: 'done' }) });

      // Assess
      expect(error.field).toBe('data.status');
    });
  });

  describe('activityLogSchema', () => {
    it('keeps data as sent', () => {
      // Act
      const entry = activityLogSchema.parse(activityLogJson(5, { data: { anything: [1, 2] } }));

      // Assess
      expect(entry).toEqual({ id: 5, event: 'compute_resource_vm_created', userEmail: 'a@example.test', createdAt: '2026-11-03T10:00:00Z', data: { anything: [1, 2] } });
    });
  });

  describe('taskSchema', () => {
    it('reads a task in the Go SDK\'s shape, which names no server', () => {
      // Act
      const task = taskSchema.parse(taskJson());

      // Assess
      expect(task).toEqual({ id: 9, status: 'done', action: 'vm-create', output: '' });
    });

    it('accepts a task without compute_resource_vm_id, action or output: only the id and the status are required', () => {
      // Act
      const task = taskSchema.parse({ id: 12, status: 'queued' });

      // Assess
      expect(task).toEqual({ id: 12, status: 'queued', action: '', output: '' });
    });

    it.each(['id', 'status'] as const)('rejects a task without %s', (field) => {
      // Prepare
      const task = Object.fromEntries(Object.entries(taskJson()).filter(([key]) => key !== field));

      // Act
      const error = schemaError(itemSchema(taskSchema), { data: task });

      // Assess
      expect(error.field).toBe(`data.${field}`);
    });

    it('keeps what SolusIO wrote about the task (the reason of a failure)', () => {
      // Act
      const task = taskSchema.parse(taskJson({ status: 'failed', output: 'No space left on the compute resource' }));

      // Assess
      expect(task.output).toBe('No space left on the compute resource');
    });

    it('rejects an unknown status', () => {
      // Act
      const error = schemaError(itemSchema(taskSchema), { data: taskJson({ status: 'finished' }) });

      // Assess
      expect(error.field).toBe('data.status');
    });
  });

  describe('pageSchema', () => {
    it.each([
      ['meta is missing', { meta: undefined }, 'meta'],
      ['links.next is missing', { links: { first: 'x' } }, 'links.next'],
      ['current_page is 0', { meta: { current_page: 0, last_page: 1 } }, 'meta.current_page'],
      ['data is not a list', { data: {} }, 'data'],
    ])('fails when %s', (_name, overrides, field) => {
      // Prepare
      const body = { ...pageJson('servers', [], 1, 1), ...overrides };

      // Act
      const error = schemaError(page, body);

      // Assess
      expect(error.field).toBe(field);
    });

    it('names the body itself when it is not an object', () => {
      // Act
      const error = schemaError(page, 'oops');

      // Assess
      expect(error.field).toBe('(body)');
    });
  });
});
