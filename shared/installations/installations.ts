import * as z from 'zod';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../config/httpUrl';
import { DEFAULT_INSTALLATION, INSTALLATION_ID_MESSAGE, INSTALLATION_ID_PATTERN } from './installationId';

/** One SolusIO installation the bridge watches: its API and where its token comes from. */
export interface SolusioInstallation {
  readonly id: string;
  readonly url: string;
  /** The API token itself (local stack, tests). */
  readonly token?: string;
  /** On AWS: the Secrets Manager secret holding the token. */
  readonly tokenSecretName?: string;
}

/** Flags each list entry whose id an earlier entry has (the runtime and the CDK app check lists alike). */
export function refuseRepeatedIds(list: readonly { readonly id: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const [index, installation] of list.entries()) {
    if (seen.has(installation.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `"${installation.id}" is given twice` });
    seen.add(installation.id);
  }
}

/** `SOLUSIO_INSTALLATIONS` as the CDK app writes it: a JSON list, ids unique. */
export const installationListSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(INSTALLATION_ID_PATTERN, INSTALLATION_ID_MESSAGE),
      url: z.string().refine(isHttpUrl, HTTP_URL_MESSAGE),
      token: z.string().min(1).optional(),
      tokenSecretName: z.string().min(1).optional(),
    }),
  )
  .min(1, 'at least one installation')
  .superRefine(refuseRepeatedIds);

/** Parses the JSON text of `SOLUSIO_INSTALLATIONS` (an error names what is wrong). */
export const installationListJsonSchema = z.string().transform((text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'a JSON list such as [{"id":"eu","url":"https://eu.example.com/api/v1","tokenSecretName":"solusio-eu"}]' });
    return z.NEVER;
  }
  const parsed = installationListSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || 'list'}: ${issue.message}` });
    return z.NEVER;
  }
  return parsed.data;
});

/**
 * The installations of a configuration: the list when given, else the single `SOLUSIO_URL` form as
 * `default` (with `SOLUSIO_TOKEN` / `SOLUSIO_TOKEN_SECRET_NAME`), else none (a function that never
 * calls SolusIO). An entry without a token of its own takes the single form's token settings.
 */
export function installationsOf(input: {
  readonly list?: readonly SolusioInstallation[];
  readonly solusioUrl?: string;
  readonly solusioToken?: string;
  readonly solusioTokenSecretName?: string;
}): readonly SolusioInstallation[] {
  const fallback = {
    ...(input.solusioToken === undefined ? {} : { token: input.solusioToken }),
    ...(input.solusioTokenSecretName === undefined ? {} : { tokenSecretName: input.solusioTokenSecretName }),
  };
  if (input.list !== undefined) {
    return Object.freeze(input.list.map((installation) => Object.freeze(installation.token !== undefined || installation.tokenSecretName !== undefined ? { ...installation } : { ...installation, ...fallback })));
  }
  if (input.solusioUrl === undefined) return Object.freeze([]);
  return Object.freeze([Object.freeze({ id: DEFAULT_INSTALLATION, url: input.solusioUrl, ...fallback })]);
}
