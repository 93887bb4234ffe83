/** SolusIO JSON as the API sends it (snake_case), trimmed to what the client reads plus some noise. */

export const BASE = 'http://solus.test/api/v1';

export const planJson = (overrides: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'A',
  tokens_per_hour: 7,
  tokens_per_month: 5000,
  ip_tokens_per_hour: 1,
  ip_tokens_per_month: 500,
  backup_price: 12.5,
  is_visible: true,
  price: { per_hour: '0.01', per_month: '5.00', currency_code: 'USD' },
  ...overrides,
});

export const userJson = (overrides: Record<string, unknown> = {}) => ({
  id: 1,
  email: 'a@example.test',
  status: 'active',
  billing_user_id: 7,
  created_at: '2026-10-01T00:00:00.000000Z',
  ...overrides,
});

export const ipJson = (id: number, isPrimary: boolean) => ({ id, ip: `198.18.0.${id}`, is_primary: isPrimary, gateway: '198.18.0.1' });

export const serverJson = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  name: `s${id}.example.test`,
  status: 'started',
  is_suspended: false,
  is_processing: false,
  plan: planJson(),
  user: userJson(),
  backup_settings: { enabled: true, schedule: { type: 'daily' } },
  ip_addresses: { ipv4: [ipJson(id * 10, true), ipJson(id * 10 + 1, false)], ipv6: null },
  location: { id: 1, name: 'Here' },
  created_at: '2026-11-03T10:00:00Z',
  ...overrides,
});

export const backupJson = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  type: 'full',
  creation_method: 'auto',
  status: 'created',
  size: 1.25,
  compute_resource_vm: serverJson(4),
  created_at: '2026-11-03T11:00:00+00:00',
  backup_progress: 100,
  ...overrides,
});

export const activityLogJson = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  event: 'compute_resource_vm_created',
  user_email: 'a@example.test',
  created_at: '2026-11-03T10:00:00Z',
  data: { compute_resource_vm: { id: 4, uuid: 'u-4', name: 's4.example.test' } },
  ...overrides,
});

/** A task in the Go SDK's shape (tasks.go `Task`): no server id, no times. */
export const taskJson = (overrides: Record<string, unknown> = {}) => ({
  id: 9,
  compute_resource_id: 1,
  queue: 'default',
  action: 'vm-create',
  status: 'done',
  output: '',
  progress: 100,
  duration: 60,
  ...overrides,
});

/** A Laravel page of `list` (the path below BASE), with `next` pointing at page + 1 unless it is the last. */
export const pageJson = (list: string, data: unknown[], page: number, lastPage: number, overrides: { next?: string | null } = {}) => ({
  data,
  links: {
    first: `${BASE}/${list}?page=1`,
    last: `${BASE}/${list}?page=${lastPage}`,
    prev: page > 1 ? `${BASE}/${list}?page=${page - 1}` : null,
    next: 'next' in overrides ? overrides.next : page < lastPage ? `${BASE}/${list}?page=${page + 1}` : null,
  },
  meta: { current_page: page, from: 1, last_page: lastPage, path: `${BASE}/${list}`, per_page: 2, to: 2, total: lastPage * 2 },
});
