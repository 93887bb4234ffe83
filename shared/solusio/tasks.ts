import type { Deadline } from './deadline';
import { checkId, withFilter, type SolusioHttp } from './http';
import { allItems, pages } from './paging';
import { taskSchema, type SolusTask } from './schemas';

/** Tasks (the Go SDK's `tasks.go`, `tasksFilter.go`). */

export async function getTask(http: SolusioHttp, id: number, deadline: Deadline): Promise<SolusTask> {
  return http.getItem(`tasks/${checkId('task id', id)}`, taskSchema, deadline);
}

/** `GET tasks?filter[...]`, every page (the tasks of a server: `{ compute_resource_vm_id: id }`). */
export function listTasks(http: SolusioHttp, filter: Readonly<Record<string, string | number>>, deadline: Deadline): Promise<SolusTask[]> {
  return allItems(pages(http, withFilter(http.url('tasks'), filter), taskSchema, deadline));
}
