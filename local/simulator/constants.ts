/** Fixed values of the SolusIO simulator. */
export const SIM_DEFAULTS = {
  pageSize: 100,
  seed: 'demo',
  host: '127.0.0.1',
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: 1_048_576,
  computeResourceId: 1,
  /** Token price used for the informative `plan.price` strings (USD per token). */
  usdPerToken: 0.001,
} as const;

/** Addresses are data strings only, never contacted: 198.18.0.0/15 (RFC 2544) and 2001:db8::/32 (RFC 3849). */
export const SIM_NETWORK = {
  ipv4Gateway: '198.18.0.1',
  ipv4Netmask: '255.254.0.0',
  ipv4Block: { id: 1, name: 'Simulated IPv4 block (198.18.0.0/15)' },
  ipv6Block: { id: 2, name: 'Simulated IPv6 block (2001:db8::/32)' },
} as const;

/** Task actions as SolusIO names them (solus-go-sdk tasks.go). */
export const TASK_ACTIONS = {
  create: 'vm-create',
  delete: 'vm-delete',
  start: 'vm-start',
  stop: 'vm-stop',
  restart: 'vm-restart',
  suspend: 'vm-suspend',
  resume: 'vm-resume',
  resize: 'vm-resize',
  reinstall: 'vm-reinstall',
  passwordChange: 'vm-password-change',
  updateNetwork: 'vm-update-network',
  backupCreate: 'backup-create',
  backupRestore: 'backup-restore',
} as const;

export const ACTIVITY_EVENTS = {
  created: 'compute_resource_vm_created',
  deleteRequested: 'compute_resource_vm_delete_requested',
  ipCreated: 'additional_ip_created',
  ipDeleted: 'additional_ip_deleted',
} as const;
