import { decimalFromNumber, formatDecimal, parseDecimal } from './decimal';
import { InvalidUsageInputError } from './errors';
import type { Decimal, ParsedPlan, PlanPrices } from './types';

/** Throws unless the value is a safe integer >= 0. */
export const assertNonNegativeInteger = (value: number, field: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidUsageInputError(field, `must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
};

/** Throws unless the value is a boolean. */
export const assertBoolean = (value: boolean, field: string): void => {
  if (typeof value !== 'boolean') {
    throw new InvalidUsageInputError(field, `must be a boolean, got ${JSON.stringify(value)}`);
  }
};

/** A backup percentage (`"12.5"` or `12.5`) as an exact decimal. */
export const parseBackupPrice = (value: string | number, field: string): Decimal => {
  const parsed = typeof value === 'string' ? parseDecimal(value) : decimalFromNumber(value);
  if (parsed === undefined) {
    throw new InvalidUsageInputError(field, `must be a non-negative decimal percentage, got ${JSON.stringify(value)}`);
  }
  return parsed;
};

const PLAN_INTEGER_FIELDS = ['id', 'tokensPerHour', 'tokensPerMonth', 'ipTokensPerHour', 'ipTokensPerMonth'] as const;

/** Validates a plan's prices and turns them into exact values with their plan-group key. */
export const parsePlan = (plan: PlanPrices, field: string): ParsedPlan => {
  for (const name of PLAN_INTEGER_FIELDS) assertNonNegativeInteger(plan[name], `${field}.${name}`);
  const backupPrice = parseBackupPrice(plan.backupPrice, `${field}.backupPrice`);
  return {
    id: plan.id,
    key: [...PLAN_INTEGER_FIELDS.map((name) => plan[name]), formatDecimal(backupPrice)].join('|'),
    tokensPerHour: BigInt(plan.tokensPerHour),
    tokensPerMonth: BigInt(plan.tokensPerMonth),
    ipTokensPerHour: BigInt(plan.ipTokensPerHour),
    ipTokensPerMonth: BigInt(plan.ipTokensPerMonth),
    backupPrice,
  };
};
