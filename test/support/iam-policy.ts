/**
 * IAM as DynamoDB applies it to a function's requests, for tests: the
 * function's policy statements taken from the synthesized template, each
 * request turned into the authorizations AWS checks (an action, a table or
 * index ARN, the partition keys it touches as `dynamodb:LeadingKeys`), and a
 * request handler below the SDK that refuses what the policy does not allow
 * with DynamoDB's own AccessDeniedException, so the function fails as it
 * would in AWS. Whatever it lets through reaches DynamoDB Local.
 *
 * The evaluation follows IAM's rules for what the stack writes (explicit deny
 * wins; an allow needs the action, the resource and every condition) and
 * throws on anything it does not model (NotAction, an unknown operator or
 * condition key on a DynamoDB statement), so it cannot quietly allow.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { catalogueTable } from '../../lambda/store/table-definition';

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** One thing IAM checks: `dynamodb:GetItem` on a table, with the partition keys the request touches. */
export interface Authorization {
  action: string;
  resource: string;
  leadingKeys: string[];
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's `*` and `?` wildcards (case-sensitive for values and ARNs, as IAM compares them). */
export const like = (pattern: string, value: string, ignoreCase = false) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '').test(value);

/**
 * The statements of every policy attached to a role in a synthesized template,
 * intrinsic functions resolved with `arnOf` (a logical id's `Arn`). What cannot
 * be resolved stays a marker that matches no ARN.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function statementsOfRole(template: { Resources: Record<string, any> }, roleId: string, arnOf: (logicalId: string) => string | undefined): Statement[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const resolve = (value: any): string => {
    if (typeof value === 'string') return value;
    if (value?.['Fn::GetAtt']?.[1] === 'Arn') return arnOf(value['Fn::GetAtt'][0]) ?? `<unresolved ${value['Fn::GetAtt'][0]}>`;
    if (value?.['Fn::Join']) return (value['Fn::Join'][1] as unknown[]).map(resolve).join(value['Fn::Join'][0]);
    return `<unresolved ${JSON.stringify(value)}>`;
  };
  const statements: Statement[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (!asArray(resource.Properties.Roles).some((r: any) => r.Ref === roleId)) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (const s of asArray<any>(resource.Properties.PolicyDocument.Statement)) {
      if (s.NotAction || s.NotResource || s.NotPrincipal) throw new Error(`unmodelled statement: ${JSON.stringify(s)}`);
      statements.push({ Effect: s.Effect, Action: asArray(s.Action), Resource: asArray(s.Resource).map(resolve), Condition: s.Condition });
    }
  }
  return statements;
}

function conditionHolds(operator: string, key: string, expected: string[], leadingKeys: string[]): boolean {
  if (key !== 'dynamodb:LeadingKeys') throw new Error(`unmodelled condition key ${key} on a DynamoDB statement`);
  const match = operator.endsWith('StringLike') ? like : (pattern: string, value: string) => pattern === value;
  switch (operator) {
    case 'ForAllValues:StringLike':
    case 'ForAllValues:StringEquals':
      // True for an empty set, as in IAM: hence the Null condition beside it.
      return leadingKeys.every((value) => expected.some((pattern) => match(pattern, value)));
    case 'ForAnyValue:StringLike':
    case 'ForAnyValue:StringEquals':
      return leadingKeys.some((value) => expected.some((pattern) => match(pattern, value)));
    case 'Null':
      return expected.every((flag) => (flag === 'true') === (leadingKeys.length === 0));
    default:
      throw new Error(`unmodelled condition operator ${operator}`);
  }
}

function applies(statement: Statement, { action, resource, leadingKeys }: Authorization): boolean {
  if (!statement.Action.some((pattern) => like(pattern, action, true))) return false;
  if (!statement.Resource.some((pattern) => like(pattern, resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, asArray(values), leadingKeys)),
  );
}

/** IAM's answer for one authorization: an explicit deny wins, then any allow, else an implicit deny. */
export function isAllowed(statements: readonly Statement[], authorization: Authorization): boolean {
  if (statements.some((s) => s.Effect === 'Deny' && applies(s, authorization))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s, authorization));
}

// ---- DynamoDB requests as IAM sees them ----

type AttributeValue = { S?: string; N?: string };
type Item = Record<string, AttributeValue>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Input = Record<string, any>;

const valueOf = (value: AttributeValue | undefined) => value?.S ?? value?.N ?? '';
const partitionOf = (item: Item | undefined) => valueOf(item?.[catalogueTable.partitionKey.name]);

/** The partition key value of a Query: the `=` in its key condition on the table's or the index's partition key. */
function queriedPartition(input: Input): string {
  const attribute: string | undefined = input.IndexName
    ? catalogueTable.globalSecondaryIndexes.find((i) => i.indexName === input.IndexName)?.partitionKey.name
    : catalogueTable.partitionKey.name;
  for (const [, left, right] of (input.KeyConditionExpression as string).matchAll(/([#:\w]+)\s*=\s*([#:\w]+)/g)) {
    const name = left!.startsWith('#') ? input.ExpressionAttributeNames?.[left!] : left;
    if (name === attribute) return valueOf(input.ExpressionAttributeValues[right!]);
  }
  throw new Error(`no partition key in the key condition ${input.KeyConditionExpression}`);
}

/**
 * What IAM checks for one request. Transactions are authorized item by item
 * under the item's own action; a batch once per table with every key's
 * partition; a Query on an index against the index's ARN and its partition key.
 */
export function authorizationsOf(operation: string, input: Input, arnOf: (tableName: string) => string): Authorization[] {
  const single = (action: string, tableName: string, leadingKeys: string[], index?: string): Authorization => ({
    action: `dynamodb:${action}`,
    resource: index ? `${arnOf(tableName)}/index/${index}` : arnOf(tableName),
    leadingKeys,
  });
  switch (operation) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [single(operation, input.TableName, [partitionOf(input.Key)])];
    case 'PutItem':
      return [single(operation, input.TableName, [partitionOf(input.Item)])];
    case 'Query':
      return [single(operation, input.TableName, [queriedPartition(input)], input.IndexName)];
    case 'BatchGetItem':
      return Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>).map(([table, { Keys }]) =>
        single(operation, table, Keys.map(partitionOf)),
      );
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems as Record<string, Input[]>).map(([table, writes]) =>
        single(operation, table, writes.map((w) => partitionOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key))),
      );
    case 'TransactWriteItems':
      return (input.TransactItems as Input[]).map((item) => {
        const [kind, body] = Object.entries(item)[0]!;
        const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind];
        if (!action) throw new Error(`unknown transaction item ${kind}`);
        return single(action, body.TableName, [partitionOf(body.Item ?? body.Key)]);
      });
    case 'TransactGetItems':
      return (input.TransactItems as Input[]).map(({ Get }) => single('GetItem', Get.TableName, [partitionOf(Get.Key)]));
    default:
      // Scan, DescribeTable, …: no partition key.
      return [single(operation, input.TableName, [])];
  }
}

export interface CheckedRequest extends Authorization {
  allowed: boolean;
}

/** What a request handler does: the SDK's interface, as the fault injector and the request log implement it. */
export interface RequestHandler {
  handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }>;
  destroy(): void;
}

/**
 * A request handler that lets a request through (to `inner`, by default
 * straight to DynamoDB Local) only when every authorization it needs is
 * allowed by `statements`, and answers the rest as DynamoDB does (400
 * AccessDeniedException, which the SDK does not retry). Every authorization
 * is written down in `checked`.
 */
export class PolicyCheckingHandler {
  readonly checked: CheckedRequest[] = [];

  constructor(
    private readonly statements: readonly Statement[],
    private readonly arnOf: (tableName: string) => string,
    private readonly inner: RequestHandler = new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 256 } }),
    private readonly onRefusal: (refused: Authorization) => void = () => {},
  ) {}

  async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }> {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
    const checked = authorizationsOf(operation, body ? JSON.parse(body) : {}, this.arnOf).map((a) => ({ ...a, allowed: isAllowed(this.statements, a) }));
    this.checked.push(...checked);
    const refused = checked.find((a) => !a.allowed);
    if (!refused) return this.inner.handle(request, options);
    this.onRefusal(refused);
    const message = `not authorized to perform: ${refused.action} on resource: ${refused.resource} (partitions ${refused.leadingKeys.join(', ')}) because no identity-based policy allows it`;
    return {
      response: new HttpResponse({
        statusCode: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `denied-${Math.random().toString(36).slice(2)}` },
        body: Readable.from([Buffer.from(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message }))]),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    this.inner.destroy();
  }
}

/** Where the stack's ARN of the table stands in a policy file, to be replaced by a test table's. */
export const TABLE_ARN_PLACEHOLDER = 'TABLE_ARN';
const localArn = (tableName: string) => `arn:aws:dynamodb:local:000000000000:table/${tableName}`;

/**
 * `IAM_POLICIES=1 npm test`: test/run.ts writes every function's statements
 * (stack-policies.ts) to IAM_POLICIES_FILE, and each test API checks its
 * functions' requests against them, each refusal written to stderr.
 */
export function policyCheckersFromFile(file: string, tableName: string, inner?: RequestHandler): (user: string) => PolicyCheckingHandler {
  const policies = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Statement[]>;
  return (user) => {
    const statements = policies[user]!.map((s) => ({ ...s, Resource: s.Resource.map((r) => r.replace(TABLE_ARN_PLACEHOLDER, localArn(tableName))) }));
    return new PolicyCheckingHandler(statements, localArn, inner, (refused) =>
      process.stderr.write(`IAM policy of ${user} refuses ${refused.action} on ${refused.resource} (partitions ${refused.leadingKeys.join(', ')})\n`),
    );
  };
}
