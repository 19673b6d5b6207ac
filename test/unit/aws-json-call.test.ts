/**
 * The functions call Secrets Manager, KMS and SQS (and post to live sockets
 * through API Gateway's connection API) with a signed request of
 * their own (lambda/aws/json-call.ts) instead of the SDK's clients. Against
 * a stand-in on a loopback port: each request is the one the SDK's client
 * sends for the same call (target, content type, JSON body), its signature
 * holds for what arrived, answers and errors read as the clients read them,
 * and throttling, server errors and failed connections are tried again as
 * the SDK's standard retry mode does. Nothing leaves this machine.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsServiceError, callAws, NodeSha256 } from '../../lambda/aws/json-call';
import { kmsSealer } from '../../lambda/webhooks/kms-sealer';
import { secretContext } from '../../lambda/webhooks/secret-sealer';
import { createSqsDeliveryQueue } from '../../lambda/webhooks/sqs-queue';
import { apiGatewayPoster } from '../../lambda/live/api-gateway-poster';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key', sessionToken: 'local-session-token' };
const region = 'ap-northeast-2';
let server: Server;
let endpoint: string;
let received: Received[] = [];
/** How the stand-in answers the next requests, in turn; after them, with `answer`. */
let queued: { status: number; body: unknown }[] = [];
let answer: (request: Received) => { status: number; body: unknown } = () => ({ status: 200, body: {} });

before(async () => {
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  });
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      const entry = { method: request.method!, path: request.url!, headers: request.headers, body };
      received.push(entry);
      const { status, body: reply } = queued.shift() ?? answer(entry);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint;
  process.env.AWS_ENDPOINT_URL_KMS = endpoint;
});
after(() => server.close());

const take = () => {
  const taken = received;
  received = [];
  return taken;
};

/** What the SDK's client and ours must agree on. */
const essence = (request: Received) => ({
  method: request.method,
  path: request.path,
  contentType: request.headers['content-type'],
  target: request.headers['x-amz-target'],
  body: JSON.parse(request.body) as unknown,
});

/** Signs again what arrived, with the headers its Authorization says it signed and its own date: the signatures must agree. */
async function assertSignedFor(request: Received, service: string) {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  // What the SDK's clients sign of these, we sign too (they add their own invocation and user-agent headers).
  for (const name of ['host', 'content-type', 'content-length', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']) {
    assert.ok(signedHeaders.includes(name), `${name} is signed: ${authorization}`);
  }
  assert.equal(request.headers['content-length'], String(Buffer.byteLength(request.body)));
  assert.equal(request.headers['transfer-encoding'], undefined);
  assert.match(authorization, new RegExp(`Credential=${credentials.accessKeyId}/\\d{8}/${region}/${service}/aws4_request`));
  const stamp = String(request.headers['x-amz-date']);
  const signingDate = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const { hostname, port } = new URL(endpoint);
  const again = await new SignatureV4({ service, region, credentials, sha256: NodeSha256 }).sign(
    { method: request.method, protocol: 'http:', hostname, port: Number(port), path: request.path, query: {}, headers, body: request.body },
    { signingDate },
  );
  assert.equal(again.headers.authorization, authorization);
}

test('GetSecretValue: the request Secrets Manager’s client sends, signed; the answer and a missing version as the client reads them', async () => {
  const sdk = new SecretsManagerClient({ region, endpoint, credentials, maxAttempts: 1 });
  answer = ({ body }) => ({ status: 200, body: { ARN: 'arn', Name: JSON.parse(body).SecretId, SecretString: 's'.repeat(40), VersionStages: ['AWSCURRENT'] } });
  const input = { SecretId: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:origin', VersionStage: 'AWSCURRENT' };
  const theirs = await sdk.send(new GetSecretValueCommand(input));
  const ours = await callAws<{ SecretString?: string }>({ name: 'secretsmanager', target: 'secretsmanager', version: '1.1', serviceId: 'Secrets Manager' }, 'GetSecretValue', input);
  const [sdkRequest, ourRequest] = take();
  assert.deepEqual(essence(ourRequest!), essence(sdkRequest!));
  assert.equal(ours.SecretString, theirs.SecretString);
  await assertSignedFor(ourRequest!, 'secretsmanager');

  queued = [{ status: 400, body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS" } }];
  const missing = await callAws({ name: 'secretsmanager', target: 'secretsmanager', version: '1.1', serviceId: 'Secrets Manager' }, 'GetSecretValue', { ...input, VersionStage: 'AWSPREVIOUS' }).catch((error: unknown) => error);
  assert.ok(missing instanceof AwsServiceError);
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.status, 400);
  assert.equal(take().length, 1, 'a client error is not tried again');
  sdk.destroy();
});

test('KMS Encrypt and Decrypt: the KMS client’s requests (blobs as base64), and the sealed secret opens to what was sealed', async () => {
  const sdk = new KMSClient({ region, endpoint, credentials, maxAttempts: 1 });
  // The stand-in "encrypts" by reversing the bytes, so that opening must decode what sealing encoded.
  const flip = (base64: string) => Buffer.from(base64, 'base64').reverse().toString('base64');
  answer = ({ headers, body }) => {
    const input = JSON.parse(body);
    return headers['x-amz-target'] === 'TrentService.Encrypt'
      ? { status: 200, body: { CiphertextBlob: flip(input.Plaintext), KeyId: input.KeyId } }
      : { status: 200, body: { Plaintext: flip(input.CiphertextBlob), KeyId: input.KeyId } };
  };
  const context = secretContext('summit', 'site');
  const secret = 'whsec_서명-비밀';
  const theirs = await sdk.send(new EncryptCommand({ KeyId: 'alias/webhooks', Plaintext: Buffer.from(secret, 'utf8'), EncryptionContext: context }));
  const sealer = kmsSealer('alias/webhooks');
  const sealed = await sealer.seal(secret, context);
  const [sdkEncrypt, ourEncrypt] = take();
  assert.deepEqual(essence(ourEncrypt!), essence(sdkEncrypt!));
  assert.equal(sealed, Buffer.from(theirs.CiphertextBlob!).toString('base64'));
  await assertSignedFor(ourEncrypt!, 'kms');

  await sdk.send(new DecryptCommand({ KeyId: 'alias/webhooks', CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: context }));
  assert.equal(await sealer.open(sealed, context), secret);
  const [sdkDecrypt, ourDecrypt] = take();
  assert.deepEqual(essence(ourDecrypt!), essence(sdkDecrypt!));
  sdk.destroy();
});

test('SQS SendMessageBatch: the SQS client’s request, sent to the queue’s URL; a failed entry and an altered message are errors', async () => {
  const queueUrl = `${endpoint}/000000000000/webhook-deliveries.fifo`;
  const sdk = new SQSClient({ region, endpoint, credentials, maxAttempts: 1 });
  const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
  answer = ({ body }) => ({
    status: 200,
    body: { Successful: JSON.parse(body).Entries.map((e: { Id: string; MessageBody: string }) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: md5(e.MessageBody) })) },
  });
  const job = { eventId: 'summit', webhookId: 'site', objectKey: 'session/s-1', seq: 7, url: 'https://example.org/hook' };
  const queue = createSqsDeliveryQueue(queueUrl);
  await queue.enqueue([job as never]);
  const [ours] = take();
  const entries = JSON.parse(ours!.body).Entries;
  await sdk.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  const [theirs] = take();
  assert.deepEqual(essence(ours!), essence(theirs!));
  assert.equal(ours!.headers.host, new URL(queueUrl).host);
  await assertSignedFor(ours!, 'sqs');

  queued = [{ status: 200, body: { Successful: [], Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] } }];
  await assert.rejects(queue.enqueue([job as never]), /could not queue 1 webhook deliveries/);
  queued = [{ status: 200, body: { Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: md5('something else') }] } }];
  await assert.rejects(queue.enqueue([job as never]), /altered/);
  take();
  sdk.destroy();
});

test('throttling and server errors are tried again, up to three attempts; a failed connection too', async () => {
  const service = { name: 'secretsmanager', target: 'secretsmanager', version: '1.1', serviceId: 'Secrets Manager' } as const;
  const input = { SecretId: 'cursor', VersionStage: 'AWSCURRENT' };
  answer = () => ({ status: 200, body: { SecretString: 'x'.repeat(40) } });
  queued = [
    { status: 400, body: { __type: 'com.amazonaws.secretsmanager#ThrottlingException', message: 'Rate exceeded' } },
    { status: 503, body: { __type: 'ServiceUnavailable', message: 'try again' } },
  ];
  assert.deepEqual(await callAws(service, 'GetSecretValue', input), { SecretString: 'x'.repeat(40) });
  assert.equal(take().length, 3);

  queued = [500, 502, 504].map((status) => ({ status, body: { __type: 'InternalServiceError', message: 'broken' } }));
  await assert.rejects(callAws(service, 'GetSecretValue', input), (error: unknown) => error instanceof AwsServiceError && error.name === 'InternalServiceError' && error.status === 504);
  assert.equal(take().length, 3);

  // A port nothing listens on: every attempt fails to connect, and the last failure is what the caller gets.
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((done) => closed.close(() => done()));
  await assert.rejects(callAws(service, 'GetSecretValue', input, `http://127.0.0.1:${port}`), (error: unknown) => !(error instanceof AwsServiceError));
});

test('posting to a live socket: a signed execute-api POST to its @connections path; 410 (GoneException) is `gone`, a 2xx `sent`, anything else throws after the retries', async () => {
  const poster = apiGatewayPoster(`${endpoint}/live/`);
  answer = () => ({ status: 200, body: {} });
  assert.equal(await poster.post('L0SM9cOFvHcCIhw=', JSON.stringify({ type: 'seats', taken: 1 })), 'sent');
  const [sent] = take();
  assert.equal(sent!.method, 'POST');
  assert.equal(sent!.path, '/live/@connections/L0SM9cOFvHcCIhw%3D');
  assert.deepEqual(JSON.parse(sent!.body), { type: 'seats', taken: 1 });
  const authorization = String(sent!.headers.authorization);
  assert.match(authorization, new RegExp(`Credential=${credentials.accessKeyId}/\\d{8}/${region}/execute-api/aws4_request`));
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  const stamp = String(sent!.headers['x-amz-date']);
  const signingDate = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
  const { hostname, port } = new URL(endpoint);
  const again = await new SignatureV4({ service: 'execute-api', region, credentials, sha256: NodeSha256 }).sign(
    { method: 'POST', protocol: 'http:', hostname, port: Number(port), path: sent!.path, query: {}, headers: Object.fromEntries(signedHeaders.map((name) => [name, String(sent!.headers[name])])), body: sent!.body },
    { signingDate },
  );
  assert.equal(again.headers.authorization, authorization, 'the signature holds for what arrived');

  answer = () => ({ status: 410, body: { message: 'GoneException' } });
  assert.equal(await poster.post('gone-socket', '{}'), 'gone');
  assert.equal(take().length, 1, 'a 410 is not retried');
  answer = () => ({ status: 403, body: { message: 'Forbidden' } });
  await assert.rejects(poster.post('other', '{}'), (error: AwsServiceError) => error.status === 403);
  take();
});
