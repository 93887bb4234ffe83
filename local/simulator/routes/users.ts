import * as z from 'zod';
import { ValidationError } from '../errors';
import { renderUser } from '../render';
import { created, filterParam, noContent, ok, pageOf, type RequestContext, type RouteDef, type SimResponse } from '../router';
import type { UserRecord } from '../types';
import { parseWith } from '../validation';
import { API_PREFIX, type RouteDeps } from './deps';

const userStatus = z.enum(['active', 'locked', 'suspended']);

/**
 * `POST users` as the official WHMCS module sends it (solusiovps `UserRequestBuilder`: email,
 * password, status, billing_user_id, optional roles and limit_group_id), the fields of the Go SDK's
 * `UserCreateRequest`. Password and status are required here: the module always sends both, and the
 * SDK's fix SIO-2103 ("Can't create new user because request doesn't have new fields status and
 * language_id") records SolusIO refusing a create without status. The password rules SolusIO applies
 * are not public: any non-empty one is taken (docs/conformance.md, "POST users").
 */
const createUserSchema = z.object({
  email: z.email(),
  password: z.string().min(1),
  status: userStatus,
  billing_user_id: z.int().nonnegative().nullable().optional(),
  language_id: z.int().optional(),
  roles: z.array(z.int()).optional(),
  limit_group_id: z.int().optional(),
});

const updateUserSchema = createUserSchema.partial();

export function userRoutes({ store, pageSize }: RouteDeps): RouteDef[] {
  const list = (ctx: RequestContext): SimResponse => {
    const status = filterParam(ctx, 'status');
    const search = filterParam(ctx, 'search')?.toLowerCase();
    const items = store
      .users()
      .filter((u) => (status === undefined || u.status === status) && (search === undefined || u.email.toLowerCase().includes(search)));
    return pageOf(ctx, pageSize, items, renderUser);
  };

  const create = (ctx: RequestContext): SimResponse => {
    const body = parseWith(createUserSchema, ctx.json());
    store.assertEmailFree(body.email);
    const user = store.addUser({
      email: body.email,
      status: body.status,
      billingUserId: body.billing_user_id ?? null,
      createdAt: store.nowIso(),
    });
    return created({ data: renderUser(user) });
  };

  const update = (ctx: RequestContext): SimResponse => {
    const user = store.user(ctx.param('id'));
    const body = parseWith(updateUserSchema, ctx.json());
    if (body.email !== undefined) store.assertEmailFree(body.email, user.id);
    const updated: UserRecord = {
      ...user,
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.billing_user_id !== undefined ? { billingUserId: body.billing_user_id } : {}),
    };
    store.putUser(updated);
    return ok({ data: renderUser(updated) });
  };

  const remove = (ctx: RequestContext): SimResponse => {
    const user = store.user(ctx.param('id'));
    if (store.servers().some((s) => s.userId === user.id)) throw ValidationError.field('user', 'The user still owns servers.');
    store.removeUser(user.id);
    return noContent();
  };

  return [
    { method: 'GET', pattern: `${API_PREFIX}/users`, handler: list },
    { method: 'POST', pattern: `${API_PREFIX}/users`, handler: create },
    { method: 'GET', pattern: `${API_PREFIX}/users/{id}`, handler: (ctx) => ok({ data: renderUser(store.user(ctx.param('id'))) }) },
    { method: 'PUT', pattern: `${API_PREFIX}/users/{id}`, handler: update },
    { method: 'PATCH', pattern: `${API_PREFIX}/users/{id}`, handler: update },
    { method: 'DELETE', pattern: `${API_PREFIX}/users/{id}`, handler: remove },
  ];
}
