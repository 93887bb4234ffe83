import type { Deadline } from './deadline';
import { checkId, withFilter, type SolusioHttp } from './http';
import { allItems, pages } from './paging';
import { backupSchema, serverSchema, taskSchema, type SolusBackup, type SolusPage, type SolusServer, type SolusTask } from './schemas';

/** Servers (the Go SDK's `virtual_servers.go`) and their backups (`backups.go`). */

/** `GET servers?filter[...]`, page by page. */
export function serverPages(http: SolusioHttp, deadline: Deadline, filter: Readonly<Record<string, string | number>> = {}): AsyncGenerator<SolusPage<SolusServer>> {
  return pages(http, withFilter(http.url('servers'), filter), serverSchema, deadline);
}

/** `GET servers/{id}`; undefined once the server is gone (404). */
export async function getServer(http: SolusioHttp, id: number, deadline: Deadline): Promise<SolusServer | undefined> {
  return http.getOptional(`servers/${checkId('server id', id)}`, serverSchema, deadline);
}

/**
 * `POST servers`. Not retried on an ambiguous failure (5xx, timeout, dropped connection): SolusIO
 * may have created the server, and a retry could make a second one; the caller adopts instead.
 */
export function createServer(http: SolusioHttp, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer> {
  return http.write('POST', 'servers', body, serverSchema, deadline, 'rejectedOnly');
}

/** `PATCH servers/{id}` (name, backup_settings). */
export async function updateServer(http: SolusioHttp, id: number, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer> {
  return http.write('PATCH', `servers/${checkId('server id', id)}`, body, serverSchema, deadline, 'all');
}

/** `POST servers/{id}/{action}` (suspend, resume, start, stop, restart, reset_password, resize): the task. */
export async function serverAction(http: SolusioHttp, id: number, action: string, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusTask> {
  return http.write('POST', `servers/${checkId('server id', id)}/${action}`, body, taskSchema, deadline, 'all');
}

/** `DELETE servers/{id}`: the delete task. */
export async function deleteServer(http: SolusioHttp, id: number, deadline: Deadline): Promise<SolusTask> {
  return http.write('DELETE', `servers/${checkId('server id', id)}`, undefined, taskSchema, deadline, 'all');
}

/** `GET servers/{id}/backups`, every page; a server that is gone is a `SolusNotFoundError`. */
export async function listServerBackups(http: SolusioHttp, serverId: number, deadline: Deadline): Promise<SolusBackup[]> {
  return allItems(pages(http, http.url(`servers/${checkId('server id', serverId)}/backups`), backupSchema, deadline));
}
