/**
 * Subscribing a webhook checks the receiver as every delivery does. These
 * APIs run no change feed, so nothing is ever delivered from this file: the
 * refusals are checked at PUT, with names answered by the test's own table.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, resolveFrom, startTestApi, type TestApi } from '../support/api';

const names = {
  'hooks.partner.test': ['93.184.215.14'],
  'intranet.partner.test': ['10.20.30.40'],
  'rebound.partner.test': ['93.184.215.14', '169.254.169.254'],
  'v6-internal.partner.test': ['fd00:ec2::254'],
  localhost: ['127.0.0.1'],
};

let aws: TestApi; // receivers as in AWS
let dev: TestApi; // the development setting: loopback allowed
before(async () => {
  [aws, dev] = await Promise.all([startTestApi({ allowLoopback: false, resolve: resolveFrom(names) }), startTestApi({ resolve: resolveFrom(names) })]);
  await Promise.all([createSampleEvent(aws), createSampleEvent(dev)]);
});
after(async () => {
  await Promise.all([aws.close(), dev.close()]);
});

const put = (api: TestApi, id: string, body: unknown) => api.call('PUT', `/events/summit/webhooks/${id}`, { token: api.adminToken, body });

async function assertRefused(api: TestApi, url: string, path = 'body.url') {
  const answer = await put(api, 'refused', { url });
  assert.equal(answer.status, 400, `${url} -> ${answer.status} ${answer.text}`);
  assert.equal(answer.headers.get('content-type'), 'application/problem+json');
  assert.equal(answer.body.errors[0].path, path, url);
  assert.equal((await api.call('GET', '/events/summit/webhooks/refused', { token: api.adminToken })).status, 404, `${url} left a webhook behind`);
  return answer.body.errors[0].message as string;
}

test('as in AWS: every internal, reserved or metadata receiver, plain http and credentials are a 400 naming body.url', async () => {
  const dynamoPort = new URL(process.env.DYNAMODB_ENDPOINT!).port;
  const refused = [
    'https://[::ffff:169.254.169.254]/latest/meta-data/',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/hook',
    'https://172.16.5.4/hook',
    'https://192.168.1.1/hook',
    'https://100.100.100.200/latest/meta-data/',
    'https://0.0.0.0/hook',
    'https://[::]/hook',
    'https://localhost/hook',
    'https://127.0.0.1/hook',
    `https://127.0.0.1:${dynamoPort}/`,
    'https://[::1]/hook',
    'https://224.0.0.1/hook',
    'https://240.0.0.1/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://metadata.goog/computeMetadata/v1/',
    'https://metadata/latest',
    'https://intranet.partner.test/hook',
    'https://rebound.partner.test/hook',
    'https://v6-internal.partner.test/hook',
    'https://nowhere.partner.test/hook',
    'http://hooks.partner.test/hook',
    'https://user:secret@hooks.partner.test/hook',
  ];
  const messages = new Set<string>();
  for (const url of refused) messages.add(await assertRefused(aws, url));
  // No answer tells an internal name from a missing one.
  assert.deepEqual([...messages].sort(), ['must be an https URL', 'must name a host that resolves to public addresses only', 'must not carry a user name or password']);
  const created = await put(aws, 'partner', { url: 'https://hooks.partner.test/hook' });
  assert.equal(created.status, 201, created.text);
  process.stdout.write(`# webhook PUT (AWS rules): ${refused.length} receivers refused with 400, 1 public https receiver taken\n`);
});

test('development setting: loopback receivers are taken, but not the API own port, DynamoDB Local or other internal addresses', async () => {
  const dynamoPort = new URL(process.env.DYNAMODB_ENDPOINT!).port;
  const apiPort = new URL(dev.baseUrl).port;
  for (const url of [`http://127.0.0.1:${dynamoPort}/`, `http://localhost:${apiPort}/events`, 'http://0.0.0.0:9/', 'http://[::ffff:127.0.0.1]:9/', 'http://10.0.0.1/', 'http://intranet.partner.test/']) {
    await assertRefused(dev, url);
  }
  for (const [id, url] of [['loop-v4', 'http://127.0.0.1:9/hook'], ['loop-name', 'http://localhost:9/hook'], ['loop-v6', 'http://[::1]:9/hook']]) {
    const answer = await put(dev, id!, { url });
    assert.equal(answer.status, 201, `${url}: ${answer.text}`);
  }
});

test('the secret is the server’s: a client-chosen one is a 400, and nothing else is taken in the body', async () => {
  const chosen = await put(dev, 'chosen', { url: 'http://127.0.0.1:9/hook', secret: 'a-shared-secret-of-enough-length' });
  assert.equal(chosen.status, 400, chosen.text);
  assert.match(JSON.stringify(chosen.body.errors), /secret/);
});
