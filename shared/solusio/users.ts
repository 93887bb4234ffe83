import type { Deadline } from './deadline';
import { SolusNotFoundError } from './errors';
import { checkId, withFilter, type SolusioHttp } from './http';
import { allItems, pages } from './paging';
import { userSchema, type SolusUser } from './schemas';

/** Users (the Go SDK's `users.go`). */

export function listUsers(http: SolusioHttp, deadline: Deadline): Promise<SolusUser[]> {
  return allItems(pages(http, http.url('users'), userSchema, deadline));
}

/** The user with exactly this e-mail (`filter[search]` matches substrings), or undefined. */
export async function findUserByEmail(http: SolusioHttp, email: string, deadline: Deadline): Promise<SolusUser | undefined> {
  const users = await allItems(pages(http, withFilter(http.url('users'), { search: email }), userSchema, deadline));
  return users.find((user) => user.email.toLowerCase() === email.toLowerCase());
}

/**
 * What `POST users` gets: what the official WHMCS module sends (`email`, `password`, `status`,
 * `billing_user_id`; solusiovps `UserRequestBuilder::getCreateRequest`), all fields of the Go
 * SDK's `UserCreateRequest` (users.go). docs/conformance.md, "POST users".
 */
export interface UserCreateBody {
  readonly email: string;
  readonly password: string;
  readonly status: 'active';
  readonly billing_user_id?: number;
}

/** `POST users`. Not retried on an ambiguous failure (5xx, timeout): the caller looks the user up again. */
export function createUser(http: SolusioHttp, body: UserCreateBody, deadline: Deadline): Promise<SolusUser> {
  return http.write('POST', 'users', body, userSchema, deadline, 'rejectedOnly');
}

/** `PATCH users/{id}` (e.g. `billing_user_id`). */
export async function updateUser(http: SolusioHttp, id: number, body: { billing_user_id?: number }, deadline: Deadline): Promise<SolusUser> {
  return http.write('PATCH', `users/${checkId('user id', id)}`, body, userSchema, deadline, 'all');
}

/** `DELETE users/{id}`: a user the bridge created for a create SolusIO then refused. Gone already is fine. */
export async function deleteUser(http: SolusioHttp, id: number, deadline: Deadline): Promise<void> {
  try {
    await http.deleteWithoutBody(`users/${checkId('user id', id)}`, deadline);
  } catch (error) {
    if (!(error instanceof SolusNotFoundError)) throw error;
  }
}
