/** Creates the table in DynamoDB Local from the shared definition (the CDK stack reads the same one). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { catalogueTable } from '../lambda/store/table-definition';

export async function ensureTable(doc: DynamoDBDocumentClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await doc.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = new Map<string, 'S' | 'N'>();
  const add = (a: { name: string; type: 'S' | 'N' }) => attributes.set(a.name, a.type);
  add(catalogueTable.partitionKey);
  add(catalogueTable.sortKey);
  catalogueTable.globalSecondaryIndexes.forEach((index) => {
    add(index.partitionKey);
    add(index.sortKey);
  });
  await doc.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      KeySchema: [
        { AttributeName: catalogueTable.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: catalogueTable.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: catalogueTable.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await doc.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: catalogueTable.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}
