import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { countRequests, createDocumentClient, type RequestCounts } from '../../../shared/storage';
import { createTestTable, type TestTable } from '../../support/testTable';

const item = (n: number) => ({ pk: 'P', sk: `S${n}`, n });

describe('countRequests on DynamoDB Local', () => {
  let first: TestTable;
  let second: TestTable;
  let db: DynamoDBDocumentClient;
  let counts: RequestCounts;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestTable(), createTestTable()]);
  }, 60_000);

  afterAll(async () => {
    await first?.drop();
    await second?.drop();
  });

  beforeEach(() => {
    db = createDocumentClient({ endpoint: first.endpoint });
    counts = countRequests(db);
  });

  afterEach(() => db.destroy());

  it('counts one write per PutItem, UpdateItem and DeleteItem, by low-level command name', async () => {
    await db.send(new PutCommand({ TableName: first.tableName, Item: item(1) }));
    await db.send(new UpdateCommand({ TableName: first.tableName, Key: { pk: 'P', sk: 'S1' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } }));
    await db.send(new DeleteCommand({ TableName: first.tableName, Key: { pk: 'P', sk: 'S1' } }));

    expect(counts.requests()).toBe(3);
    expect(counts.itemWrites()).toBe(3);
    expect(counts.itemReads()).toBe(0);
    expect(counts.byCommand()).toEqual({ PutItemCommand: 1, UpdateItemCommand: 1, DeleteItemCommand: 1 });
  });

  it('counts each put and delete of a BatchWriteItem, over every table, as one request', async () => {
    await db.send(new BatchWriteCommand({ RequestItems: { [first.tableName]: [1, 2, 3].map((n) => ({ PutRequest: { Item: item(n) } })) } }));
    expect(counts.snapshot()).toEqual({ requests: 1, itemWrites: 3, itemReads: 0, byCommand: { BatchWriteItemCommand: 1 } });

    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [first.tableName]: [{ DeleteRequest: { Key: { pk: 'P', sk: 'S3' } } }],
          [second.tableName]: [{ PutRequest: { Item: item(4) } }, { PutRequest: { Item: item(5) } }],
        },
      }),
    );
    expect(counts.requests()).toBe(2);
    expect(counts.itemWrites()).toBe(6);
  });

  it('counts each entry of a TransactWriteItems, condition checks included', async () => {
    await db.send(new PutCommand({ TableName: first.tableName, Item: item(10) }));
    const mark = counts.snapshot();

    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: first.tableName, Item: item(11) } },
          { Put: { TableName: second.tableName, Item: item(11) } },
          { ConditionCheck: { TableName: first.tableName, Key: { pk: 'P', sk: 'S10' }, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );

    expect(counts.since(mark)).toEqual({ requests: 1, itemWrites: 3, itemReads: 0, byCommand: { TransactWriteItemsCommand: 1 } });
    expect(counts.itemWrites()).toBe(4);
  });

  it('counts a write whose condition failed: it was sent', async () => {
    await db.send(new PutCommand({ TableName: first.tableName, Item: item(20) }));
    await expect(
      db.send(new PutCommand({ TableName: first.tableName, Item: item(20), ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);

    expect(counts.requests()).toBe(2);
    expect(counts.itemWrites()).toBe(2);
  });

  it('counts reads: 1 per GetItem, each key of a BatchGetItem and TransactGetItems, 1 per Query or Scan page', async () => {
    await db.send(new BatchWriteCommand({ RequestItems: { [first.tableName]: [30, 31, 32].map((n) => ({ PutRequest: { Item: item(n) } })) } }));
    counts.reset();
    expect(counts.snapshot()).toEqual({ requests: 0, itemWrites: 0, itemReads: 0, byCommand: {} });

    await db.send(new GetCommand({ TableName: first.tableName, Key: { pk: 'P', sk: 'S30' } }));
    await db.send(
      new BatchGetCommand({
        RequestItems: {
          [first.tableName]: { Keys: [{ pk: 'P', sk: 'S30' }, { pk: 'P', sk: 'S31' }] },
          [second.tableName]: { Keys: [{ pk: 'P', sk: 'S30' }] },
        },
      }),
    );
    await db.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: first.tableName, Key: { pk: 'P', sk: 'S32' } } }, { Get: { TableName: first.tableName, Key: { pk: 'P', sk: 'S31' } } }] }));
    const queried = await db.send(new QueryCommand({ TableName: first.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'P' } }));
    await db.send(new ScanCommand({ TableName: first.tableName }));

    expect(queried.Items?.length).toBeGreaterThan(1); // a page of many items is still one read request
    expect(counts.itemReads()).toBe(1 + 3 + 2 + 1 + 1);
    expect(counts.itemWrites()).toBe(0);
    expect(counts.byCommand()).toEqual({ GetItemCommand: 1, BatchGetItemCommand: 1, TransactGetItemsCommand: 1, QueryCommand: 1, ScanCommand: 1 });
  });

  it('counts on the base client what its document client sends (they share one middleware stack), until detached', async () => {
    const base = new DynamoDBClient({ endpoint: first.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const documents = DynamoDBDocumentClient.from(base);
    try {
      expect(documents.middlewareStack).toBe(base.middlewareStack);
      const onBase = countRequests(base);
      const onDocuments = countRequests(documents);

      await documents.send(new PutCommand({ TableName: first.tableName, Item: item(40) }));
      expect([onBase.itemWrites(), onDocuments.itemWrites()]).toEqual([1, 1]);

      onBase.detach();
      await documents.send(new PutCommand({ TableName: first.tableName, Item: item(41) }));
      expect([onBase.itemWrites(), onDocuments.itemWrites()]).toEqual([1, 2]);
      expect(counts.requests()).toBe(0); // another client's counter saw none of it
    } finally {
      documents.destroy();
    }
  });
});

describe('countRequests and the SDK retries', () => {
  let server: Server;
  let hits = 0;

  beforeAll(async () => {
    // Answers the first request with a retryable 500 and the next one as DynamoDB would a PutItem.
    server = createServer((request, response) => {
      request.resume();
      hits += 1;
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      if (hits === 1) {
        response.statusCode = 500;
        response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'try again' }));
      } else {
        response.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts a send() once however many attempts the SDK made', async () => {
    const db = createDocumentClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const counts = countRequests(db);
      await db.send(new PutCommand({ TableName: 'any', Item: item(1) }));
      expect(hits).toBe(2);
      expect(counts.snapshot()).toEqual({ requests: 1, itemWrites: 1, itemReads: 0, byCommand: { PutItemCommand: 1 } });
    } finally {
      db.destroy();
    }
  });
});
