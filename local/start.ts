/**
 * `npm start`: DynamoDB Local with data on disk, the table from the shared
 * definition, the sample catalogue in an empty table, and the API on PORT,
 * each step told as it happens, with its time (local/progress.ts).
 * Ctrl-C, SIGTERM or SIGHUP stops the server and DynamoDB Local, also while
 * it is still starting. The script is `exec node --import tsx`: `sh -c` would
 * not pass on the SIGTERM npm forwards, and the tsx command's own relay
 * SIGKILLs its child when the child is slow (30 ms) to acknowledge a signal,
 * which would orphan DynamoDB Local on a busy machine.
 */
import type { AddressInfo } from 'node:net';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './create-table';
import { createLocalAuth, localLiveTokenCheck } from './dev-auth';
import { createInvoker, createLocalServer } from './server';
import { ORIGIN_SECRET_HEADER } from '../lambda/api/http';
import { loadSampleCatalogue, SAMPLE_CATALOGUE } from './sample-catalogue';
import { localSettings } from './settings';
import { loadCursorKey } from './cursor-key';
import { buildWeb } from './build-web';
import { createDocumentClient } from '../lambda/store/dynamo-client';
import { createStores } from '../lambda/store/stores';
import { startLocalChangeFeed } from './change-feed';
import { startDeletionSweeper } from './deletion-sweeper';
import { startNoShowSweeper } from './no-show-sweeper';
import { localWebhookSetup } from './webhook-worker';
import { createLocalImportRunner } from './import-runner';
import { progress } from './progress';
import { relative } from 'node:path';
import { attachLiveServer, LIVE_PATH, type LocalLiveServer } from './live-server';
import { createLiveHandler } from '../lambda/live/connections';
import { createNoticeMailer } from '../lambda/notices/mail-notice';
import { createLocalNoticeQueue, OUTBOX_PATH, outboxFolderSender } from './mail-outbox';

// The SDK warns that its 2027 releases need Node 22; the README says so, the log need not on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The functions' EMF metric lines (lambda/api/metrics.ts) only mean something to CloudWatch: off unless asked for.
// Their access lines (lambda/api/access-log.ts) go to stdout as in CloudWatch Logs.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// What Lambda sets for an on-demand instance: the logger reports cold_start only then (true on the first request).
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';
const steps = progress();
const settings = localSettings();
const say = steps.note;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
let stopping = false;
const starting = new AbortController();
let dynamoStarted: Promise<DynamoDbLocal> | undefined;
let changeFeed: Awaited<ReturnType<typeof startLocalChangeFeed>> | undefined;
let sweeper: ReturnType<typeof startDeletionSweeper> | undefined;
let noShows: ReturnType<typeof startNoShowSweeper> | undefined;
let server: ReturnType<typeof createLocalServer> | undefined;
let live: LocalLiveServer | undefined;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  server?.close();
  server?.closeAllConnections();
  await live?.close();
  await changeFeed?.stop();
  sweeper?.stop();
  noShows?.stop();
  // Running, or still starting (then it is stopped where it is): DynamoDB Local goes either way.
  starting.abort();
  const dynamo = await dynamoStarted?.catch(() => undefined);
  await dynamo?.stop();
  process.exit(code);
};
// Before anything is started, so that a signal at any moment stops what has been.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
// Whatever fails from here on (a bad sample file, a port in use), DynamoDB Local is not left running.
process.on('uncaughtException', (error) => {
  if (stopping) return; // what was starting fails as it is stopped: that is the stop, not a failure
  process.stderr.write(`npm start failed: ${error.stack ?? error.message}\n`);
  void stop(1);
});
process.on('unhandledRejection', (error) => {
  if (stopping) return;
  process.stderr.write(`npm start failed: ${(error as Error)?.stack ?? String(error)}\n`);
  void stop(1);
});

await steps.step(buildWeb, { announce: 'building the web page', done: (dir) => `web page built into ${relative(process.cwd(), dir)}` });

let dynamoEndpoint = settings.dynamoDbEndpoint;
if (dynamoEndpoint) {
  say(`DynamoDB on ${dynamoEndpoint} (EXISTING_DYNAMODB_ENDPOINT: not started here, nor stopped)`);
} else {
  // The JVM's start is the slow step of a start: seconds, more on a busy machine.
  dynamoStarted = startDynamoDbLocal({ port: settings.dynamoDbPort, dataDir: settings.dynamoDbDir, signal: starting.signal });
  const dynamo = await steps.step(() => dynamoStarted!, {
    announce: `starting DynamoDB Local on 127.0.0.1:${settings.dynamoDbPort}`,
    done: ({ process: java, endpoint }) => `DynamoDB Local (pid ${java.pid}) on ${endpoint}, data in ${settings.dynamoDbDir}`,
  });
  dynamoEndpoint = dynamo.endpoint;
}
process.env.DYNAMODB_ENDPOINT = dynamoEndpoint;

const doc = createDocumentClient();
const table = await steps.step(() => ensureTable(doc, settings.tableName), { done: (outcome) => `table ${settings.tableName} ${outcome}` });
const stores = createStores(doc, settings.tableName, loadCursorKey(settings.cursorKeyFile));
const webhooks = localWebhookSetup(settings);
if (settings.webhooksAllowLoopback) say('webhooks: receivers on this machine are allowed (WEBHOOKS_ALLOW_LOOPBACK=1, development only)');
// Import jobs run in this process (an SQS queue and a runner Lambda in AWS); what the last run left unfinished goes on.
const imports = createLocalImportRunner(stores, { log: say });
const auth = await steps.step(() => createLocalAuth(settings.signingKeyFile), { done: () => `development token key in ${relative(process.cwd(), settings.signingKeyFile)}` });
const originSecrets = settings.originSecret ? [settings.originSecret] : [];
if (settings.originSecret) say('origin secret: the API answers only requests with the X-Origin-Verify header (ORIGIN_SECRET)');
server = createLocalServer({
  invoke: createInvoker(() => stores, { webhooks, imports }, { publicBaseUrl: settings.publicBaseUrl, originSecrets }),
  auth,
  corsOrigins: settings.corsOrigins,
  outboxFolder: settings.outboxDir,
});
// The live channel on the API's port (/live), the WebSocket API's stand-in, and the notices' mail into the outbox folder.
live = attachLiveServer(server, createLiveHandler(stores.live, localLiveTokenCheck(auth)), say);
const notices = createLocalNoticeQueue(createNoticeMailer(stores, outboxFolderSender(settings.outboxDir, settings.mailFrom), settings.publicBaseUrl), { log: say });
// The change feed, the live channel's fan-out and the cleanup of deleted sessions, fed by DynamoDB Local's stream
// (local/change-feed.ts); the sweep of stalled deletions and the no-show release (schedules in AWS).
changeFeed = await steps.step(() => startLocalChangeFeed({ stores, webhooks, endpoint: dynamoEndpoint, tableName: settings.tableName, poster: live!.poster, notices }), {
  done: () => "change feed following the table's stream; live pushes and notices from it",
});
if (changeFeed.recovered > 0) say(`webhooks: ${changeFeed.recovered} deliveries left over from the last run are queued again`);
sweeper = startDeletionSweeper(stores.deletions, { log: say });
const resumed = await imports.recover();
if (resumed > 0) say(`imports: ${resumed} unfinished import job${resumed === 1 ? '' : 's'} resumed`);
noShows = startNoShowSweeper(stores, doc, settings.tableName, { log: say });
server.on('error', (error) => {
  process.stderr.write(`cannot listen on port ${settings.port}: ${error.message}\n`);
  void stop(1);
});
const baseUrl = await steps.step(
  async () => {
    await new Promise<void>((done) => server!.listen(settings.port, '127.0.0.1', done));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  },
  { done: (url) => `API listening on ${url}` },
);

const existing = await stores.catalogue.listEvents({ limit: 1 });
if (table === 'created' || existing.items.length === 0) {
  const token = await auth.sign({ sub: 'sample-loader', admin: true, expiresIn: '5m' });
  const headers: Record<string, string> = settings.originSecret ? { [ORIGIN_SECRET_HEADER]: settings.originSecret } : {};
  // Event by event through the import API, as an organiser would: each one told as it goes in.
  const summary = await steps.step(
    () => loadSampleCatalogue(baseUrl, token, { headers, onEvent: (e) => say(`  ${e.id}: ${count(e.sessions, 'session')}, ${count(e.speakers, 'speaker')} (${e.index}/${e.of})`) }),
    {
      announce: `loading the sample catalogue from ${relative(process.cwd(), SAMPLE_CATALOGUE)}`,
      done: (loaded) => `loaded the sample catalogue: ${loaded.events} events, ${loaded.sessions} sessions, ${loaded.speakers} speakers`,
    },
  );
  for (const rejected of summary.rejected) say(`  rejected: ${JSON.stringify(rejected)}`);
} else {
  say('the table has data already; the sample catalogue was not loaded again');
}

say(`API on ${baseUrl}  (try ${baseUrl}/events; the web page is there too)  ready in ${Math.round(steps.elapsed())} ms`);
say(`live channel on ${baseUrl.replace(/^http/, 'ws')}${LIVE_PATH}; mail notices land in ${relative(process.cwd(), settings.outboxDir)}, listed at ${baseUrl}${OUTBOX_PATH}`);
say('tokens: npm run token -- --sub alice [--admin] [--organiser <eventId>]    stop: Ctrl-C (or SIGTERM)');
