import { activityLogPages } from './activityLogPages';
import { getPlan, hasApplication, hasLocation, hasOsImageVersion, listApplications, listLocations, listOsImages, listPlans, type SolusApplication, type SolusLocation, type SolusOsImage } from './catalog';
import type { Deadline } from './deadline';
import { SolusioHttp, type SolusioClientOptions } from './http';
import type { SolusActivityLog, SolusBackup, SolusPage, SolusPlan, SolusServer, SolusTask, SolusUser } from './schemas';
import { createServer, deleteServer, getServer, listServerBackups, serverAction, serverPages, updateServer } from './servers';
import { getTask, listTasks } from './tasks';
import { createUser, deleteUser, findUserByEmail, listUsers, updateUser, type UserCreateBody } from './users';

export { CLIENT_DEFAULTS } from './http';
export type { SolusioClientOptions } from './http';

/**
 * The SolusIO API as the bridge uses it: one method per call, each in the module of its resource
 * (servers, users, catalog, tasks, activity log) on one HTTP core (`http.ts`: retries, timeouts,
 * the run deadline, schema-checked answers) and one pager (`paging.ts`). docs/conformance.md lists
 * every call with what it sends and reads, and where that is documented.
 */
export class SolusioClient {
  // A private field: the token inside the core is never shown by inspect or JSON.
  readonly #http: SolusioHttp;

  constructor(options: SolusioClientOptions) {
    this.#http = new SolusioHttp(options);
  }

  /** Walks `GET servers` page by page; a page that still fails after its retries throws after the earlier pages were yielded. */
  serverPages(deadline: Deadline, filter: Record<string, string | number> = {}): AsyncGenerator<SolusPage<SolusServer>> {
    return serverPages(this.#http, deadline, filter);
  }

  /** `GET servers/{id}`; undefined once the server is gone (404). */
  getServer(id: number, deadline: Deadline): Promise<SolusServer | undefined> {
    return getServer(this.#http, id, deadline);
  }

  listPlans(deadline: Deadline): Promise<SolusPlan[]> {
    return listPlans(this.#http, deadline);
  }

  /** `GET locations`, every page. */
  listLocations(deadline: Deadline): Promise<SolusLocation[]> {
    return listLocations(this.#http, deadline);
  }

  /** `GET os_images`, every page, each with its versions. */
  listOsImages(deadline: Deadline): Promise<SolusOsImage[]> {
    return listOsImages(this.#http, deadline);
  }

  /** `GET applications`, every page. */
  listApplications(deadline: Deadline): Promise<SolusApplication[]> {
    return listApplications(this.#http, deadline);
  }

  /** `GET plans/{id}`; undefined when SolusIO has no such plan. */
  getPlan(id: number, deadline: Deadline): Promise<SolusPlan | undefined> {
    return getPlan(this.#http, id, deadline);
  }

  hasLocation(id: number, deadline: Deadline): Promise<boolean> {
    return hasLocation(this.#http, id, deadline);
  }

  hasOsImageVersion(id: number, deadline: Deadline): Promise<boolean> {
    return hasOsImageVersion(this.#http, id, deadline);
  }

  hasApplication(id: number, deadline: Deadline): Promise<boolean> {
    return hasApplication(this.#http, id, deadline);
  }

  listUsers(deadline: Deadline): Promise<SolusUser[]> {
    return listUsers(this.#http, deadline);
  }

  /** `GET servers/{id}/backups`, every page; a server that is gone is a `SolusNotFoundError`. */
  listServerBackups(serverId: number, deadline: Deadline): Promise<SolusBackup[]> {
    return listServerBackups(this.#http, serverId, deadline);
  }

  /** `GET activity_logs` page by page, newest first or a `SolusActivityLogOrderError` (`activityLogPages.ts`). */
  activityLogPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>> {
    return activityLogPages(this.#http, deadline);
  }

  getTask(id: number, deadline: Deadline): Promise<SolusTask> {
    return getTask(this.#http, id, deadline);
  }

  /** `GET tasks?filter[...]`, every page (the tasks of a server: `{ compute_resource_vm_id: id }`). */
  listTasks(filter: Record<string, string | number>, deadline: Deadline): Promise<SolusTask[]> {
    return listTasks(this.#http, filter, deadline);
  }

  /** The user with exactly this e-mail (`filter[search]` matches substrings), or undefined. */
  findUserByEmail(email: string, deadline: Deadline): Promise<SolusUser | undefined> {
    return findUserByEmail(this.#http, email, deadline);
  }

  /** `POST users`, not retried on an ambiguous failure (`users.ts`). */
  createUser(body: UserCreateBody, deadline: Deadline): Promise<SolusUser> {
    return createUser(this.#http, body, deadline);
  }

  /** `DELETE users/{id}`; gone already is fine. */
  deleteUser(id: number, deadline: Deadline): Promise<void> {
    return deleteUser(this.#http, id, deadline);
  }

  /** `PATCH users/{id}` (e.g. `billing_user_id`). */
  updateUser(id: number, body: { billing_user_id?: number }, deadline: Deadline): Promise<SolusUser> {
    return updateUser(this.#http, id, body, deadline);
  }

  /** `POST servers`, not retried on an ambiguous failure (`servers.ts`). */
  createServer(body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer> {
    return createServer(this.#http, body, deadline);
  }

  /** `POST servers/{id}/{action}` (suspend, resume, start, stop, restart, reset_password, resize): the task. */
  serverAction(id: number, action: string, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusTask> {
    return serverAction(this.#http, id, action, body, deadline);
  }

  /** `PATCH servers/{id}` (name, backup_settings). */
  updateServer(id: number, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer> {
    return updateServer(this.#http, id, body, deadline);
  }

  /** `DELETE servers/{id}`: the delete task. */
  deleteServer(id: number, deadline: Deadline): Promise<SolusTask> {
    return deleteServer(this.#http, id, deadline);
  }
}
