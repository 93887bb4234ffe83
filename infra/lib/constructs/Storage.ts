import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../../shared/storage/tableDefinition';

export interface StorageProps {
  /** Keep the table when it leaves the stack (it holds invoices). Default: true. */
  readonly retainOnDelete?: boolean;
  /** Refuse DeleteTable. Default: false. Requires `retainOnDelete`. */
  readonly deletionProtection?: boolean;
}

/** The single table, built from the same definition the local stack uses: on demand, PITR, TTL. */
export class Storage extends Construct {
  public readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const retain = props.retainOnDelete ?? true;
    const deletionProtection = props.deletionProtection ?? false;
    if (deletionProtection && !retain) throw new Error('Storage: deletionProtection with retainOnDelete false would fail every stack deletion');
    const attribute = (key: { readonly name: string }) => ({ name: key.name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: attribute(TABLE_DEFINITION.partitionKey),
      sortKey: attribute(TABLE_DEFINITION.sortKey),
      globalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      deletionProtection,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // `npm run keys -- create --table <this> --region <region> ...` needs it (docs/operations.md).
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
