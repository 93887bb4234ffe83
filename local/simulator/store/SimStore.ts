import { ACTIVITY_EVENTS, SIM_DEFAULTS } from '../constants';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { makeIpv4 } from '../factories';
import type {
  ActivityEvent,
  ActivityLogRecord,
  BackupRecord,
  LocationRecord,
  OsImageRecord,
  PlanRecord,
  ServerRecord,
  SimClock,
  SimState,
  TaskRecord,
  UserRecord,
} from '../types';
import { IdTable } from './IdTable';

export type TaskOutcome = 'done' | 'pending' | 'failed';

export interface TaskSpec {
  serverId: number | null;
  action: string;
  outcome: TaskOutcome;
  /** The change the task makes, run when it completes (at once, or on finish). */
  apply?: () => void;
  /** What a failure leaves behind (e.g. a server that was never built disappears). */
  fail?: () => void;
}

interface PendingEffect {
  apply?: () => void;
  fail?: () => void;
}

/**
 * The simulator's whole SolusIO state. Every change happens at the simulated clock's time;
 * ids are sequential per collection.
 */
export class SimStore {
  private readonly plansTable = new IdTable<PlanRecord>();
  private readonly usersTable = new IdTable<UserRecord>();
  private readonly serversTable = new IdTable<ServerRecord>();
  private readonly backupsTable = new IdTable<BackupRecord>();
  private readonly tasksTable = new IdTable<TaskRecord>();
  private readonly locationsTable = new IdTable<LocationRecord>();
  private readonly osImagesTable = new IdTable<OsImageRecord>();
  private logs: ActivityLogRecord[] = [];
  private readonly pending = new Map<number, PendingEffect>();
  private readonly next = { plan: 1, user: 1, server: 1, ip: 1, backup: 1, task: 1, log: 1 };

  constructor(readonly clock: SimClock) {}

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** Replaces every collection (tasks and the activity log start empty); the clock is untouched. */
  replaceState(state: SimState): void {
    for (const table of [this.plansTable, this.usersTable, this.serversTable, this.backupsTable, this.tasksTable]) table.clear();
    this.locationsTable.clear();
    this.osImagesTable.clear();
    this.logs = [];
    this.pending.clear();
    state.locations.forEach((l) => this.locationsTable.put(l));
    state.osImages.forEach((o) => this.osImagesTable.put(o));
    state.plans.forEach((p) => this.plansTable.put(p));
    state.users.forEach((u) => this.usersTable.put(u));
    state.servers.forEach((s) => this.serversTable.put(s));
    state.backups.forEach((b) => this.backupsTable.put(b));
    const maxIp = state.servers.reduce((max, s) => s.ipv4.reduce((m, ip) => Math.max(m, ip.id), max), 0);
    this.next.plan = this.plansTable.maxId() + 1;
    this.next.user = this.usersTable.maxId() + 1;
    this.next.server = this.serversTable.maxId() + 1;
    this.next.backup = this.backupsTable.maxId() + 1;
    this.next.ip = maxIp + 1;
    this.next.task = 1;
    this.next.log = 1;
  }

  // --- reads -------------------------------------------------------------------------------

  plans(): readonly PlanRecord[] {
    return this.plansTable.list();
  }
  users(): readonly UserRecord[] {
    return this.usersTable.list();
  }
  servers(): readonly ServerRecord[] {
    return this.serversTable.list();
  }
  tasks(): readonly TaskRecord[] {
    return this.tasksTable.list();
  }
  locations(): readonly LocationRecord[] {
    return this.locationsTable.list();
  }
  osImages(): readonly OsImageRecord[] {
    return this.osImagesTable.list();
  }
  activityLogs(): readonly ActivityLogRecord[] {
    return this.logs;
  }
  backupsOf(serverId: number): BackupRecord[] {
    return this.backupsTable.list().filter((b) => b.serverId === serverId);
  }

  findPlan(id: number): PlanRecord | undefined {
    return this.plansTable.get(id);
  }
  findUser(id: number): UserRecord | undefined {
    return this.usersTable.get(id);
  }
  findServer(id: number): ServerRecord | undefined {
    return this.serversTable.get(id);
  }
  findLocation(id: number): LocationRecord | undefined {
    return this.locationsTable.get(id);
  }
  findOsImage(id: number): OsImageRecord | undefined {
    return this.osImagesTable.get(id);
  }
  hasOsVersion(versionId: number): boolean {
    return this.osImagesTable.list().some((o) => o.versions.some((v) => v.id === versionId));
  }
  /** 422 when another user has this email (compared case-insensitively). */
  assertEmailFree(email: string, selfId?: number): void {
    const wanted = email.toLowerCase();
    const other = this.usersTable.list().find((u) => u.email.toLowerCase() === wanted);
    if (other && other.id !== selfId) throw ValidationError.field('email', 'The email has already been taken.');
  }

  plan(id: number): PlanRecord {
    return this.must(this.plansTable.get(id), 'Plan');
  }
  user(id: number): UserRecord {
    return this.must(this.usersTable.get(id), 'User');
  }
  server(id: number): ServerRecord {
    return this.must(this.serversTable.get(id), 'Server');
  }
  backup(id: number): BackupRecord {
    return this.must(this.backupsTable.get(id), 'Backup');
  }
  task(id: number): TaskRecord {
    return this.must(this.tasksTable.get(id), 'Task');
  }
  location(id: number): LocationRecord {
    return this.must(this.locationsTable.get(id), 'Location');
  }

  // --- writes ------------------------------------------------------------------------------

  nextServerId(): number {
    return this.next.server++;
  }

  allocateIpv4(isPrimary: boolean): ReturnType<typeof makeIpv4> {
    return makeIpv4(this.next.ip++, isPrimary);
  }

  /** Takes an IPv4 id given explicitly: later allocations continue after it. */
  claimIpv4Id(id: number): void {
    if (id >= this.next.ip) this.next.ip = id + 1;
  }

  /** Whether a server other than `serverId` holds the IPv4 address with this id. */
  ipv4IdHeldByOther(id: number, serverId: number): boolean {
    return this.serversTable.list().some((s) => s.id !== serverId && s.ipv4.some((ip) => ip.id === id));
  }

  putServer(server: ServerRecord): void {
    this.serversTable.put(server);
    if (server.id >= this.next.server) this.next.server = server.id + 1;
  }

  /** Removes a server and its backups (SolusIO purges a deleted server's backups). */
  removeServer(id: number): void {
    this.serversTable.delete(id);
    for (const b of this.backupsOf(id)) this.backupsTable.delete(b.id);
  }

  putPlan(plan: PlanRecord): void {
    this.plansTable.put(plan);
    if (plan.id >= this.next.plan) this.next.plan = plan.id + 1;
  }

  addUser(fields: Omit<UserRecord, 'id'>): UserRecord {
    const user: UserRecord = { id: this.next.user++, ...fields };
    this.usersTable.put(user);
    return user;
  }

  putUser(user: UserRecord): void {
    this.usersTable.put(user);
    if (user.id >= this.next.user) this.next.user = user.id + 1;
  }

  removeUser(id: number): void {
    this.usersTable.delete(id);
  }

  addBackup(fields: Omit<BackupRecord, 'id'>): BackupRecord {
    const backup: BackupRecord = { id: this.next.backup++, ...fields };
    this.backupsTable.put(backup);
    return backup;
  }

  removeBackup(id: number): void {
    this.backupsTable.delete(id);
  }

  /** Appends an activity-log entry for a server, at the simulated now. */
  log(event: ActivityEvent, server: ServerRecord): ActivityLogRecord {
    const owner = this.usersTable.get(server.userId);
    const entry: ActivityLogRecord = {
      id: this.next.log++,
      event,
      userId: server.userId,
      userEmail: owner?.email ?? '',
      createdAt: this.nowIso(),
      server: { id: server.id, uuid: server.uuid, name: server.name },
    };
    this.logs.push(entry);
    return entry;
  }

  /** Adds n additional IPv4 addresses to a server, each logged as `additional_ip_created`. */
  addAdditionalIps(server: ServerRecord, count: number, logIt: boolean): void {
    for (let i = 0; i < count; i++) {
      server.ipv4.push(this.allocateIpv4(false));
      if (logIt) this.log(ACTIVITY_EVENTS.ipCreated, server);
    }
  }

  /** Removes one additional IPv4 address; false when the server does not hold it. */
  removeAdditionalIp(server: ServerRecord, ipId: number, logIt: boolean): boolean {
    const index = server.ipv4.findIndex((ip) => ip.id === ipId && !ip.isPrimary);
    if (index < 0) return false;
    server.ipv4.splice(index, 1);
    if (logIt) this.log(ACTIVITY_EVENTS.ipDeleted, server);
    return true;
  }

  // --- tasks -------------------------------------------------------------------------------

  /** Records a task and, depending on its outcome, applies its change now, never, or on finish. */
  startTask(spec: TaskSpec): TaskRecord {
    const server = spec.serverId === null ? undefined : this.serversTable.get(spec.serverId);
    const task: TaskRecord = {
      id: this.next.task++,
      serverId: spec.serverId,
      computeResourceId: server?.computeResourceId ?? SIM_DEFAULTS.computeResourceId,
      action: spec.action,
      status: spec.outcome,
      createdAt: this.nowIso(),
      finishedAt: null,
    };
    this.tasksTable.put(task);
    if (spec.outcome === 'pending') {
      this.pending.set(task.id, { apply: spec.apply, fail: spec.fail });
      server?.pendingTaskIds.add(task.id);
      return task;
    }
    task.finishedAt = task.createdAt;
    if (spec.outcome === 'done') spec.apply?.();
    else spec.fail?.();
    return task;
  }

  /** Completes a pending task (`done` applies its change, `failed` does not). */
  finishTask(id: number, result: 'done' | 'failed'): TaskRecord {
    const task = this.task(id);
    const effect = this.pending.get(id);
    if (task.status !== 'pending' || !effect) throw new ConflictError(`Task ${id} is not pending (status ${task.status}).`);
    this.pending.delete(id);
    if (task.serverId !== null) this.serversTable.get(task.serverId)?.pendingTaskIds.delete(id);
    task.status = result;
    task.finishedAt = this.nowIso();
    if (result === 'done') effect.apply?.();
    else effect.fail?.();
    return task;
  }

  private must<T>(row: T | undefined, what: string): T {
    if (row === undefined) throw new NotFoundError(`${what} not found.`);
    return row;
  }
}
