/** One TransactWriteItems, with the reason DynamoDB gave when it cancelled it. */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export type TransactionResult =
  | { applied: true }
  /**
   * Cancelled by the service, not by a rule: another transaction touched the
   * same items, or a partition was over its throughput (DynamoDB cancels a
   * transaction with ThrottlingError, which the SDK does not retry). Safe to
   * read again and retry after a pause.
   */
  | { applied: false; conflict: true; failed: [] }
  /** Cancelled by conditions: the indexes of the items whose condition failed. */
  | { applied: false; conflict: false; failed: number[] };

export async function runTransaction(doc: DynamoDBDocumentClient, items: TransactItem[]): Promise<TransactionResult> {
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return { applied: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    if (codes.includes('TransactionConflict') || codes.includes('ThrottlingError')) return { applied: false, conflict: true, failed: [] };
    const failed = codes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
    if (failed.length === 0) throw error;
    return { applied: false, conflict: false, failed };
  }
}
