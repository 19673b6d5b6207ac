/**
 * DynamoDB's per-partition limits, which DynamoDB Local does not have: a
 * request handler below the SDK's retry layer (as test/support/faults.ts)
 * that meters the capacity each request consumes per partition key and per
 * second of a clock it is given, and refuses what would pass a partition's
 * limit the way DynamoDB does. The SDK then retries (or not) as it would in
 * AWS, and what goes through is written to the real engine.
 *
 * The rules, as DynamoDB bills them (docs/reservations.md, "The simulation"):
 * - 1,000 write units and 3,000 read units a second per partition key (of the
 *   table, or of an index for a Query on one);
 * - a write costs 1 unit per started KB of the item (Put: the item sent;
 *   Update, Delete: 1, the items here are under 1 KB), a transactional one
 *   twice that for every item, a ConditionCheck included; a write refused by
 *   its condition, or a transaction cancelled, is charged all the same;
 * - a read costs 1 unit per started 4 KB read (a Query: of all the items it
 *   returns; a missing item still 1), half of it when eventually consistent;
 * - a request is refused, and charged nothing, when a write would take a
 *   partition past its limit in the current second, or a read finds it
 *   spent: a transaction is cancelled with `ThrottlingError` on the items
 *   whose partition is spent (the SDK does not retry it; the service does),
 *   anything else answers ProvisionedThroughputExceededException (the SDK
 *   retries it with its throttling backoff).
 * Scans, table administration and streams are passed on unmetered.
 */
import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { readResponseBody, WrappingHandler } from './wrapping-handler';

export const WRITE_UNITS_PER_SECOND = 1000;
export const READ_UNITS_PER_SECOND = 3000;

/** A request or answer body of DynamoDB's JSON protocol. */
type Json = Record<string, any>;
type Value = Record<string, unknown>;
type Item = Record<string, Value>;

interface Charge {
  partition: string;
  units: number;
}

/** What one partition consumed in one second. */
interface Window {
  second: number;
  write: number;
  read: number;
}

/** DynamoDB's size of an attribute value in bytes (names and values, as it bills them). */
function valueSize(value: Value): number {
  if ('S' in value) return Buffer.byteLength(value.S as string);
  if ('N' in value) return Math.ceil(String(value.N).replace(/^-/, '').length / 2) + 1;
  if ('B' in value) return Buffer.from(value.B as string, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return (value.SS as string[]).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if ('NS' in value) return (value.NS as string[]).reduce((sum, n) => sum + Math.ceil(n.length / 2) + 1, 0);
  if ('L' in value) return 3 + (value.L as Value[]).reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if ('M' in value) return 3 + itemSize(value.M as Item);
  return 0;
}

export function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

const writeUnits = (item: Item | undefined) => Math.max(1, Math.ceil((item ? itemSize(item) : 0) / 1024));
const readUnits = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

function errorResponse(type: string, message: string, extra: Record<string, unknown> = {}): HttpResponse {
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, Message: message, ...extra });
  return new HttpResponse({
    statusCode: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `meter-${Math.random().toString(36).slice(2)}` },
    body: Readable.from([Buffer.from(body)]),
  });
}

export interface PartitionMeterOptions {
  /** The simulated time in milliseconds: limits hold per second of this clock. */
  clock: () => number;
  writeUnitsPerSecond?: number;
  readUnitsPerSecond?: number;
}

export class PartitionMeter extends WrappingHandler {
  private readonly windows = new Map<string, Window>();
  private readonly writeLimit: number;
  private readonly readLimit: number;
  /** Units consumed, by partition key, since the start (or the last reset). */
  readonly written = new Map<string, number>();
  readonly read = new Map<string, number>();
  /** Requests refused, by partition key. */
  readonly throttled = new Map<string, number>();
  /** The most write units a partition took in one second. */
  readonly peakWritten = new Map<string, number>();

  constructor(private readonly options: PartitionMeterOptions) {
    super();
    this.writeLimit = options.writeUnitsPerSecond ?? WRITE_UNITS_PER_SECOND;
    this.readLimit = options.readUnitsPerSecond ?? READ_UNITS_PER_SECOND;
  }

  private window(partition: string): Window {
    const second = Math.floor(this.options.clock() / 1000);
    let window = this.windows.get(partition);
    if (!window || window.second !== second) {
      window = { second, write: 0, read: 0 };
      this.windows.set(partition, window);
    }
    return window;
  }

  /** The partitions among `charges` that cannot take them in the current second. */
  private spent(charges: readonly Charge[], kind: 'write' | 'read'): Set<string> {
    const total = new Map<string, number>();
    for (const { partition, units } of charges) total.set(partition, (total.get(partition) ?? 0) + units);
    const spent = new Set<string>();
    for (const [partition, units] of total) {
      const used = this.window(partition)[kind];
      if (kind === 'write' ? used + units > this.writeLimit : used >= this.readLimit) spent.add(partition);
    }
    return spent;
  }

  private charge(charges: readonly Charge[], kind: 'write' | 'read'): void {
    for (const { partition, units } of charges) {
      const window = this.window(partition);
      window[kind] += units;
      if (kind === 'write') this.peakWritten.set(partition, Math.max(this.peakWritten.get(partition) ?? 0, window.write));
      const totals = kind === 'write' ? this.written : this.read;
      totals.set(partition, (totals.get(partition) ?? 0) + units);
    }
  }

  private refuse(partitions: Iterable<string>): void {
    for (const partition of partitions) this.throttled.set(partition, (this.throttled.get(partition) ?? 0) + 1);
  }

  async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }> {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
    const body = text ? (JSON.parse(text) as Json) : {};

    const writes = writeCharges(operation, body);
    if (writes) {
      const spent = this.spent(writes, 'write');
      if (spent.size > 0) {
        this.refuse(spent);
        if (operation === 'TransactWriteItems') {
          const reasons = writes.map(({ partition }) => ({ Code: spent.has(partition) ? 'ThrottlingError' : 'None' }));
          return { response: errorResponse('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`, { CancellationReasons: reasons }) };
        }
        return { response: errorResponse('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded (simulated per-partition limit)') };
      }
      this.charge(writes, 'write');
      return this.inner.handle(request, options);
    }

    const reads = readPartitions(operation, body);
    if (!reads) return this.inner.handle(request, options);
    const spent = this.spent(reads.map((partition) => ({ partition, units: 0 })), 'read');
    if (spent.size > 0) {
      this.refuse(spent);
      return { response: errorResponse('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded (simulated per-partition limit)') };
    }
    const { response } = await this.inner.handle(request, options);
    // Reads are charged by what they returned.
    const answer = await readResponseBody(response);
    if (response.statusCode === 200) this.charge(readCharges(operation, body, JSON.parse(answer.toString('utf8'))), 'read');
    return { response };
  }
}

const pkOf = (key: Item | undefined) => String(key?.pk?.S ?? '');

/** The write units a request consumes per partition, in the order of its items; undefined when it does not write. */
function writeCharges(operation: string, body: Json): Charge[] | undefined {
  switch (operation) {
    case 'PutItem':
      return [{ partition: pkOf(body.Item), units: writeUnits(body.Item) }];
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ partition: pkOf(body.Key), units: 1 }];
    case 'TransactWriteItems':
      return (body.TransactItems as Record<string, { Item?: Item; Key?: Item }>[]).map((entry) => {
        const action = Object.values(entry)[0]!;
        return { partition: pkOf(action.Item ?? action.Key), units: 2 * writeUnits(action.Item) };
      });
    case 'BatchWriteItem':
      return Object.values(body.RequestItems as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>)
        .flat()
        .map((request) => ({ partition: pkOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key), units: writeUnits(request.PutRequest?.Item) }));
    default:
      return undefined;
  }
}

/** The partition a Query reads: its key condition's partition value (an index's partition when it reads an index). */
function queryPartition(body: Json): string {
  const [, name, placeholder] = /^\s*(#?\w+)\s*=\s*(:\w+)/.exec(String(body.KeyConditionExpression)) ?? [];
  const attribute = name?.startsWith('#') ? body.ExpressionAttributeNames?.[name] : name;
  const value = (body.ExpressionAttributeValues?.[placeholder ?? ''] as Value | undefined)?.S ?? '';
  return body.IndexName ? `${body.IndexName}|${attribute}=${value}` : String(value);
}

function readPartitions(operation: string, body: Json): string[] | undefined {
  switch (operation) {
    case 'GetItem':
      return [pkOf(body.Key)];
    case 'Query':
      return [queryPartition(body)];
    case 'BatchGetItem':
      return Object.values(body.RequestItems as Record<string, { Keys: Item[] }>).flatMap(({ Keys }) => Keys.map(pkOf));
    default:
      return undefined;
  }
}

function readCharges(operation: string, body: Json, answer: Json): Charge[] {
  switch (operation) {
    case 'GetItem':
      return [{ partition: pkOf(body.Key), units: readUnits(answer.Item ? itemSize(answer.Item) : 0, body.ConsistentRead === true) }];
    case 'Query': {
      const bytes = ((answer.Items ?? []) as Item[]).reduce((sum, item) => sum + itemSize(item), 0);
      return [{ partition: queryPartition(body), units: readUnits(bytes, body.ConsistentRead === true) }];
    }
    case 'BatchGetItem': {
      const charges: Charge[] = [];
      for (const [table, { Keys, ConsistentRead }] of Object.entries(body.RequestItems as Record<string, { Keys: Item[]; ConsistentRead?: boolean }>)) {
        const found = new Map<string, Item>();
        for (const item of (answer.Responses?.[table] ?? []) as Item[]) found.set(`${pkOf(item)}|${item.sk?.S}`, item);
        for (const key of Keys) {
          const item = found.get(`${pkOf(key)}|${key.sk?.S}`);
          charges.push({ partition: pkOf(key), units: readUnits(item ? itemSize(item) : 0, ConsistentRead === true) });
        }
      }
      return charges;
    }
    default:
      return [];
  }
}
