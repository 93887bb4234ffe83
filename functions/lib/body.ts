import type { z } from 'zod';
import { BadRequestError, HttpError } from '../../shared/errors';
import type { HttpEvent } from './http';

/** Provisioning bodies are small: anything larger is refused before it is parsed. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, 'payload_too_large', `The body is larger than ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** The request body parsed as JSON and checked by `schema`; an empty body is `{}`. A bad one is a 400 naming the field. */
export function parseBody<S extends z.ZodType>(event: HttpEvent, schema: S): z.infer<S> {
  const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_REQUEST_BODY_BYTES) throw new PayloadTooLargeError(MAX_REQUEST_BODY_BYTES);
  let json: unknown = {};
  if (raw.trim() !== '') {
    try {
      json = JSON.parse(raw) as unknown;
    } catch {
      throw new BadRequestError('The body is not valid JSON', 'invalid_json');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new BadRequestError(`Invalid body: ${where}: ${issue?.message ?? 'invalid'}`, 'invalid_body');
  }
  return parsed.data;
}
