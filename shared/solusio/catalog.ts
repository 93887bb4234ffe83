import * as z from 'zod';
import type { Deadline } from './deadline';
import { checkId, type SolusioHttp } from './http';
import { allItems, pages } from './paging';
import { catalogEntrySchema, planSchema, type SolusPlan } from './schemas';

/** What a create refers to: plans (`plans.go`), locations, OS image versions, applications. */

export interface SolusLocation {
  readonly id: number;
  readonly name: string;
}

export interface SolusOsImage {
  readonly id: number;
  readonly name: string;
  /** What a create's `os` names (the Go SDK's `OsImageVersion`). */
  readonly versions: readonly { readonly id: number; readonly version: string }[];
}

export interface SolusApplication {
  readonly id: number;
  readonly name: string;
}

const id = z.int().positive();

/** `locations.go` `Location`: only the id and name are read. */
const locationSchema = z.object({ id, name: z.string() }).transform((l): SolusLocation => ({ id: l.id, name: l.name }));

/** `osImages.go` `OsImage` with its `Versions` (`omitempty` in the SDK: absent reads as none). */
const osImageSchema = z
  .object({ id, name: z.string(), versions: z.array(z.object({ id, version: z.string() })).nullish() })
  .transform((o): SolusOsImage => ({ id: o.id, name: o.name, versions: (o.versions ?? []).map((v) => ({ id: v.id, version: v.version })) }));

/** `applications.go` `Application`: only the id and name are read. */
const applicationSchema = z.object({ id, name: z.string() }).transform((a): SolusApplication => ({ id: a.id, name: a.name }));

export function listPlans(http: SolusioHttp, deadline: Deadline): Promise<SolusPlan[]> {
  return allItems(pages(http, http.url('plans'), planSchema, deadline));
}

/** `GET locations`, every page. */
export function listLocations(http: SolusioHttp, deadline: Deadline): Promise<SolusLocation[]> {
  return allItems(pages(http, http.url('locations'), locationSchema, deadline));
}

/** `GET os_images`, every page, each with its versions. */
export function listOsImages(http: SolusioHttp, deadline: Deadline): Promise<SolusOsImage[]> {
  return allItems(pages(http, http.url('os_images'), osImageSchema, deadline));
}

/** `GET applications`, every page. */
export function listApplications(http: SolusioHttp, deadline: Deadline): Promise<SolusApplication[]> {
  return allItems(pages(http, http.url('applications'), applicationSchema, deadline));
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
