import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AggregationPorts, UsageReadPorts } from '../ports';
import { DynamoAdjustments } from './DynamoAdjustments';
import { DynamoAggregationManifest } from './DynamoAggregationManifest';
import { DynamoClosedLines } from './DynamoClosedLines';
import { DynamoLatestCompleteRun } from './DynamoLatestCompleteRun';
import { DynamoPeriodHeaders } from './DynamoPeriodHeaders';
import { DynamoUsageRows } from './DynamoUsageRows';

/** The aggregation's ports on the bridge table, one implementation per entity. */
export { DynamoAdjustments, DynamoAggregationManifest, DynamoClosedLines, DynamoLatestCompleteRun, DynamoPeriodHeaders, DynamoUsageRows };
export { closedItemRequest } from './DynamoClosedLines';
export { writeIntoOpenPeriod } from './conditionalWrites';

/** Reads only: what the usage and period reads are built from. */
export function dynamoUsageReadPorts(db: DynamoDBDocumentClient, tableName: string): UsageReadPorts {
  return { headers: new DynamoPeriodHeaders(db, tableName), rows: new DynamoUsageRows(db, tableName), closedLines: new DynamoClosedLines(db, tableName) };
}

/** What the period lifecycle keeps per installation: its aggregation manifest and its late marks. */
export function dynamoInstallationPorts(db: DynamoDBDocumentClient, tableName: string, installation: string): Pick<AggregationPorts, 'manifest' | 'marks'> {
  return { manifest: new DynamoAggregationManifest(db, tableName, installation), marks: new DynamoAdjustments(db, tableName, installation) };
}

/** Every port of the period lifecycle on one table (the aggregation, the settlement and the close), `manifest` and `marks` the default installation's. */
export function dynamoAggregationPorts(db: DynamoDBDocumentClient, tableName: string): AggregationPorts {
  const adjustments = new DynamoAdjustments(db, tableName);
  return {
    headers: new DynamoPeriodHeaders(db, tableName),
    rows: new DynamoUsageRows(db, tableName),
    closedLines: new DynamoClosedLines(db, tableName),
    manifest: new DynamoAggregationManifest(db, tableName),
    marks: adjustments,
    adjustments,
  };
}
