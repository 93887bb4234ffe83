import { randomBytes } from 'node:crypto';

/**
 * The endpoint of the one DynamoDB Local that Jest's global setup starts for the integration
 * project (test/support/globalSetup.ts). Set it yourself to run the tests against a DynamoDB you
 * keep running; the setup then starts none.
 */
export const TEST_DYNAMODB_ENDPOINT = 'TEST_DYNAMODB_ENDPOINT';

/** The shared DynamoDB's endpoint, or undefined outside the integration project (bench, unit). */
export function sharedDynamoDbEndpoint(): string | undefined {
  return process.env[TEST_DYNAMODB_ENDPOINT] || undefined;
}

/** A table name no other test file uses, so files sharing one DynamoDB never see each other's items. */
export function uniqueTableName(): string {
  return `t_${randomBytes(8).toString('hex')}`;
}
