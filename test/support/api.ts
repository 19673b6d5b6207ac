/**
 * A real local API for a test file: its own table in the shared DynamoDB
 * Local, the local server on a free port, and tokens from an in-memory key.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableUser } from '../../lambda/functions/table-grants';
import { policyCheckersFromFile, type RequestHandler } from './iam-policy';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { ensureTable } from '../../local/create-table';
import { createLocalAuth, localLiveTokenCheck, type LocalAuth, type TokenRequest } from '../../local/dev-auth';
import { startLocalApiOnFreePort } from '../../local/server';
import type { HttpEvent } from '../../lambda/api/handler';
import { createLocalImportRunner } from '../../local/import-runner';
import { JOB_THRESHOLD } from '../../lambda/imports/import-job';
import { chunksOf } from '../../lambda/domain/chunks';
import { startLocalChangeFeed } from '../../local/change-feed';
import { isIP } from 'node:net';
import type { Resolve } from '../../lambda/webhooks/receiver-guard';
import { aesGcmSealer } from '../../lambda/webhooks/secret-sealer';
import type { WebhookSetup } from '../../lambda/webhooks/setup';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiveHandler } from '../../lambda/live/connections';
import { createNoticeMailer } from '../../lambda/notices/mail-notice';
import { createLocalNoticeQueue, outboxFolderSender } from '../../local/mail-outbox';
import { LIVE_PATH, type LocalLiveServer } from '../../local/live-server';

export interface TestApi {
  baseUrl: string;
  /** What every URL the API prints starts with: the server's own address, as with npm start. */
  publicBaseUrl: string;
  tableName: string;
  adminToken: string;
  /** The local token issuer, for tokens with unusual claims. */
  auth: LocalAuth;
  /** An attendee's token; with `admin` or `organiserOf`, a staff member's. */
  /** What webhooks run with here: loopback receivers allowed (but the API's and DynamoDB Local's ports), names from the test's table. */
  webhooks: WebhookSetup;
  tokenFor(sub: string, options?: Omit<TokenRequest, 'sub'>): Promise<string>;
  /** fetch with JSON in and out; `token` adds the bearer header. */
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** With `changeFeed`: resolves when every write so far is in the change log. */
  changesCaughtUp(): Promise<void>;
  /** With `changeFeed`: resolves when every webhook delivery so far is done or given up. */
  deliveriesIdle(): Promise<void>;
  /** Resolves when every import job started so far has been worked through. */
  importsIdle(): Promise<void>;
  /** With `live`: the local WebSocket server (its sockets, dropAll) and its URL. */
  live?: LocalLiveServer;
  liveUrl: string;
  /** With `live`: the folder the local mailer writes messages to. */
  outboxFolder: string;
  /** With `live`: resolves when every notice queued so far is mailed or skipped. */
  noticesIdle(): Promise<void>;
  close(): Promise<void>;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/**
 * Name resolution for tests: answers from `names` (host -> addresses) and
 * refuses every other name, so no test ever asks a real DNS server.
 */
export const resolveFrom =
  (names: Record<string, string[]>): Resolve =>
  async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`${hostname} is not in the test's name table`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
  };

export async function startTestApi(
  options: {
    clientConfig?: DynamoDBClientConfig;
    /** A client of its own for each function (its request handler, say), as each Lambda has its own role in AWS. */
    clientConfigOf?: (fn: TableUser) => DynamoDBClientConfig;
    changeFeed?: boolean;
    deliveryAttempts?: number;
    /** Webhook receivers' name resolution; by default only `localhost` resolves. Never a real DNS server. */
    resolve?: Resolve;
    /** false: webhook receivers as in AWS (public https only), instead of the development setting. */
    allowLoopback?: boolean;
    attemptTimeoutMs?: number;
    cursorKey?: Uint8Array;
    tableName?: string;
    /** The API answers only requests whose X-Origin-Verify header carries it, as behind CloudFront in AWS. */
    originSecret?: string;
    /** Origins allowed by CORS, as CORS_ORIGINS sets them for npm start. */
    corsOrigins?: string[];
    /** Sees every payload 2.0 event the local server hands a function (the bundled-handler parity test compares them with API Gateway's). */
    onEvent?: (fn: TableUser, event: HttpEvent) => void;
    /** The live channel (a WebSocket server at /live) and the notices' local outbox; implies the change feed. */
    live?: boolean;
    /** The live function's time limit (ms): past it the local server answers as API Gateway does for a function that timed out. */
    liveTimeoutMs?: number;
  } = {},
): Promise<TestApi> {
  if (!process.env.DYNAMODB_ENDPOINT) throw new Error('DYNAMODB_ENDPOINT is not set: run tests with npm test');
  // A table of its own, unless the test means to serve another one's data (as another deployment would).
  const tableName = options.tableName ?? `test-${randomBytes(6).toString('hex')}`;
  const doc = createDocumentClient(options.clientConfig);
  await ensureTable(doc, tableName);
  const auth = await createLocalAuth();
  // A deployment of its own: a new cursor key each time, unless the test needs to know it.
  const cursorKey = options.cursorKey ?? randomBytes(32);
  const stores = createStores(doc, tableName, cursorKey);
  const clients: DynamoDBDocumentClient[] = [doc];
  const policyFile = process.env.IAM_POLICIES_FILE;
  const policyChecked = policyFile && policyCheckersFromFile(policyFile, tableName, options.clientConfig?.requestHandler as RequestHandler | undefined);
  const clientConfigOf =
    options.clientConfigOf ?? (policyChecked ? (fn: TableUser): DynamoDBClientConfig => ({ ...options.clientConfig, requestHandler: policyChecked(fn) as never }) : undefined);
  const storesOf = (fn: TableUser) => {
    if (!clientConfigOf) return stores;
    const client = createDocumentClient(clientConfigOf(fn));
    clients.push(client);
    return createStores(client, tableName, cursorKey);
  };
  const refusedPorts = [Number(new URL(process.env.DYNAMODB_ENDPOINT).port)];
  const webhooks: WebhookSetup = {
    receivers: {
      resolve: options.resolve ?? resolveFrom({ localhost: ['127.0.0.1'] }),
      ...(options.allowLoopback === false ? {} : { loopback: { refusedPorts } }),
    },
    secrets: aesGcmSealer(randomBytes(32)),
    attemptTimeoutMs: options.attemptTimeoutMs ?? 2000,
  };
  // Import jobs in this process, with the runner's own grants where a test checks them (the runner Lambda's role in AWS).
  const imports = createLocalImportRunner(storesOf('importRunner'));
  const outboxFolder = mkdtempSync(join(tmpdir(), 'outbox-'));
  const { server, baseUrl, live } = await startLocalApiOnFreePort(storesOf, auth, { webhooks, imports }, {
    originSecrets: options.originSecret ? [options.originSecret] : [],
    corsOrigins: options.corsOrigins,
    onEvent: options.onEvent,
    outboxFolder,
    ...(options.live ? { live: createLiveHandler(storesOf('liveConnections').live, localLiveTokenCheck(auth)), liveTimeoutMs: options.liveTimeoutMs } : {}),
  });
  const notices = options.live
    ? createLocalNoticeQueue(createNoticeMailer(storesOf('noticeMailer'), outboxFolderSender(outboxFolder, 'catalogue@localhost'), baseUrl), { baseDelayMs: 50 })
    : undefined;
  const changeFeed = options.changeFeed || options.live
    ? await startLocalChangeFeed({
        poster: live?.poster,
        notices,
        stores,
        storesOf,
        webhooks,
        endpoint: process.env.DYNAMODB_ENDPOINT,
        tableName,
        intervalMs: 50,
        deliveryAttempts: options.deliveryAttempts ?? 4,
        deliveryBaseDelayMs: 50,
      })
    : undefined;
  refusedPorts.push(Number(new URL(baseUrl).port));
  const adminToken = await auth.sign({ sub: 'admin-1', admin: true });

  return {
    baseUrl,
    publicBaseUrl: baseUrl,
    tableName,
    adminToken,
    auth,
    webhooks,
    tokenFor: (sub, options = {}) => auth.sign({ sub, ...options }),
    async call(method, path, { body, rawBody, token, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async changesCaughtUp() {
      if (!changeFeed) throw new Error('start the test API with changeFeed: true');
      await changeFeed.caughtUp();
    },
    async deliveriesIdle() {
      if (!changeFeed) throw new Error('start the test API with changeFeed: true');
      await changeFeed.idle();
    },
    importsIdle: () => imports.idle(),
    live,
    liveUrl: `${baseUrl.replace(/^http/, 'ws')}${LIVE_PATH}`,
    outboxFolder,
    noticesIdle: async () => notices?.idle(),
    async close() {
      await imports.idle();
      await changeFeed?.stop();
      await changeFeed?.idle();
      await notices?.idle();
      await live?.close();
      rmSync(outboxFolder, { recursive: true, force: true });
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      for (const client of clients) client.destroy();
    },
  };
}

/** A small event with two days, two tracks and two speakers, created through the API. */
export async function createSampleEvent(api: TestApi, eventId = 'summit') {
  const put = await api.call('PUT', `/events/${eventId}`, {
    token: api.adminToken,
    body: {
      name: 'AWS Summit Seoul 2024',
      venue: '코엑스',
      timezone: 'Asia/Seoul',
      days: [
        { date: '2024-05-16', theme: '산업별 비즈니스 트렌드' },
        { date: '2024-05-17', theme: '생성형 AI 기반 기술 혁신' },
      ],
      tracks: ['AI/ML', 'DevOps, Cloud', '금융/핀테크'],
    },
  });
  if (put.status !== 201) throw new Error(`event: ${put.status} ${put.text}`);
  for (const [id, name, company] of [
    ['ham-giho', '함기호', 'AWS 코리아'],
    ['werner-vogels', 'Dr. Werner Vogels', 'Amazon.com'],
  ] as const) {
    const speaker = await api.call('PUT', `/speakers/${id}`, { token: api.adminToken, body: { name, company } });
    if (speaker.status !== 201 && speaker.status !== 200) throw new Error(`speaker: ${speaker.status} ${speaker.text}`);
  }
}

/**
 * Imports speakers, then sessions, into an event in requests small enough to
 * be answered at once (JOB_THRESHOLD rows; a larger one runs as a job);
 * any row refused fails the caller's setup.
 */
export async function importCatalogue(api: TestApi, eventId: string, { speakers = [], sessions = [] }: { speakers?: readonly object[]; sessions?: readonly object[] }) {
  const batches = [...chunksOf(speakers, JOB_THRESHOLD).map((rows) => ({ speakers: rows })), ...chunksOf(sessions, JOB_THRESHOLD).map((rows) => ({ sessions: rows }))];
  for (const body of batches) {
    const imported = await api.call('POST', `/events/${eventId}/import`, { token: api.adminToken, body });
    if (imported.status !== 200 || imported.body.rejected.length > 0) throw new Error(`import: ${imported.status} ${imported.text.slice(0, 2000)}`);
  }
}

/** Imports sessions into an event; any that is refused fails the caller's setup. */
export const importSessions = (api: TestApi, sessions: readonly object[], eventId = 'summit') => importCatalogue(api, eventId, { sessions });

export const session = (overrides: Record<string, unknown> = {}) => ({
  title: 'AWS Graviton과 함께하는 계획문제 최적화 애플리케이션 개발',
  abstract: 'Graviton 인스턴스로 계획 문제 최적화를 빠르고 저렴하게',
  type: 'breakout',
  track: 'DevOps, Cloud',
  level: '300',
  language: 'ko',
  room: 'Room 101',
  startsAt: '2024-05-16T13:10:00+09:00',
  endsAt: '2024-05-16T13:50:00+09:00',
  capacity: 40,
  speakerIds: ['ham-giho'],
  tags: ['Graviton', 'arm64'],
  ...overrides,
});

/**
 * A session that takes reservations whatever today's date: not scheduled yet,
 * so it has not ended (the sample event's days are in 2024, long over).
 */
export const reservable = (overrides: Record<string, unknown> = {}) => session({ startsAt: undefined, endsAt: undefined, ...overrides });
