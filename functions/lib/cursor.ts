import * as z from 'zod';
import { BadRequestError } from '../../shared/errors';

const cursorSchema = z.object({ after: z.string().min(1) });

/** A page cursor: the last customer of the previous page, opaque to clients. */
export function encodeCursor(afterCustomer: string): string {
  return Buffer.from(JSON.stringify({ after: afterCustomer }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).after;
  } catch {
    throw new BadRequestError('Invalid parameter cursor: not a cursor this API gave out', 'invalid_parameter');
  }
}
