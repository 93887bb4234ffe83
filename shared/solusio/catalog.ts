import type { Deadline } from './deadline';
import { checkId, type SolusioHttp } from './http';
import { allItems, pages } from './paging';
import { catalogEntrySchema, planSchema, type SolusPlan } from './schemas';

/** What a create refers to: plans (`plans.go`), locations, OS image versions, applications. */

export function listPlans(http: SolusioHttp, deadline: Deadline): Promise<SolusPlan[]> {
  return allItems(pages(http, http.url('plans'), planSchema, deadline));
}

/** `GET plans/{id}`; undefined when SolusIO has no such plan. */
export async function getPlan(http: SolusioHttp, id: number, deadline: Deadline): Promise<SolusPlan | undefined> {
  return http.getOptional(`plans/${checkId('plan id', id)}`, planSchema, deadline);
}

/** `GET locations/{id}`: whether SolusIO has the location. */
export async function hasLocation(http: SolusioHttp, id: number, deadline: Deadline): Promise<boolean> {
  return (await http.getOptional(`locations/${checkId('location id', id)}`, catalogEntrySchema, deadline)) !== undefined;
}

/** `GET os_image_versions/{id}` (a create's `os` is an OS image version, as in the Go SDK). */
export async function hasOsImageVersion(http: SolusioHttp, id: number, deadline: Deadline): Promise<boolean> {
  return (await http.getOptional(`os_image_versions/${checkId('OS image version id', id)}`, catalogEntrySchema, deadline)) !== undefined;
}

/** `GET applications`, every page (the Go SDK lists them; it has no read by id). */
export async function hasApplication(http: SolusioHttp, id: number, deadline: Deadline): Promise<boolean> {
  const applications = await allItems(pages(http, http.url('applications'), catalogEntrySchema, deadline));
  return applications.some((application) => application.id === id);
}
