import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../../shared/storage/tableDefinition';

export interface StorageProps {
  /** Keep the table when the stack is deleted. Default: true (it holds invoices). */
  readonly retainOnDelete?: boolean;
}

/** The single table, built from the same definition the local stack uses. */
export class Storage extends Construct {
  public readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
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
      removalPolicy: props.retainOnDelete === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
  }
}
