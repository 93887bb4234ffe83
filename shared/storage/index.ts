export { TABLE_DEFINITION } from './tableDefinition';
export type { TableDefinition } from './tableDefinition';
export { createTableInput } from './createTableInput';
export { createDocumentClient } from './documentClient';
export type { DocumentClientOptions } from './documentClient';
export { keys } from './keys';
export { countRequests } from './requestCounter';
export type { RequestCounts, RequestCountsSnapshot } from './requestCounter';
export { queryAll, queryPartition } from './queryAll';
