import type { SolusBackupSchedule } from '../solusio';

/**
 * SolusIO's `backup_settings` for backups on or off. Turning them on carries the configured
 * schedule, as the official WHMCS module's create does (solusiovps `ServerCreateRequestBuilder`:
 * `enabled` with a `schedule`) and as the Go SDK's `VirtualServerBackupSettings` always encodes
 * one; turning them off sends only `enabled` (docs/conformance.md, "POST servers").
 */
export function backupSettings(enabled: boolean, schedule: SolusBackupSchedule): { enabled: boolean; schedule?: SolusBackupSchedule } {
  return enabled ? { enabled, schedule } : { enabled };
}
