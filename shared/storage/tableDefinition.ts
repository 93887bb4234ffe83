/**
 * The bridge's single DynamoDB table, described once. The CDK app and the local stack both build
 * their table from this, so the key schema cannot drift between AWS and local runs.
 */
export const TABLE_DEFINITION = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;

export type TableDefinition = typeof TABLE_DEFINITION;
