import * as z from 'zod';
import { ConfigurationError, parseTokenRates } from '../billing';

/**
 * Token rates as configured: a JSON object string such as `{"USD":"0.001"}`, checked by the billing
 * engine's own rate parser, so a rate it would refuse fails where the configuration is read (at
 * start, at synth), never later in a report. The environment and the CDK context both use this.
 */
export const tokenRatesJsonSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid JSON, expected e.g. {"USD":"0.001"}' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.string(), z.string())
      .refine((rates) => Object.keys(rates).length > 0, 'at least one currency')
      .superRefine((rates, ctx) => {
        try {
          parseTokenRates(rates);
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
        }
      }),
  );
