/**
 * The webhook receiver guard, without a network: addresses come from a
 * resolver the test controls, and nothing here connects anywhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { isLoopbackAddress, isPublicAddress } from '../../lambda/webhooks/receiver-address';
import { checkReceiver, ReceiverRefused, type ReceiverPolicy, type Resolve } from '../../lambda/webhooks/receiver-guard';

/** Every kind the issue names, and the rest of IANA's special-purpose blocks, with an address inside each edge. */
const NOT_PUBLIC: Record<string, string[]> = {
  loopback: ['127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1'],
  private: ['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.0.1', '192.168.255.255'],
  'link-local and metadata': ['169.254.169.254', '169.254.170.2', 'fe80::1', 'febf:ffff::1'],
  'unique-local': ['fd00:ec2::254', 'fc00::1', 'fdff:ffff::1'],
  'IPv4-mapped and translated': ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '::ffff:0:808:808', '64:ff9b::a00:1', '64:ff9b:1::1', '::127.0.0.1'],
  '6to4 and Teredo (embed IPv4)': ['2002:a00:1::1', '2002:7f00:1::', '2001:0:4136:e378::1'],
  unspecified: ['0.0.0.0', '0.1.2.3', '::'],
  multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff05::2'],
  'shared (CGNAT, Alibaba metadata)': ['100.64.0.1', '100.100.100.200', '100.127.255.255'],
  'reserved and broadcast': ['240.0.0.1', '255.255.255.255', '192.0.0.170', '198.18.0.1', '198.19.255.255', '100::1'],
  documentation: ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '3fff::1'],
};
const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80e::200e'];

test('address classes: every non-public kind is refused, public unicast is taken', () => {
  let refused = 0;
  for (const [kind, addresses] of Object.entries(NOT_PUBLIC)) {
    for (const address of addresses) {
      assert.equal(isPublicAddress(address), false, `${kind}: ${address}`);
      refused++;
    }
  }
  for (const address of PUBLIC) assert.equal(isPublicAddress(address), true, address);
  assert.equal(isPublicAddress('not an address'), false);
  process.stdout.write(`# receiver addresses: ${refused} non-public in ${Object.keys(NOT_PUBLIC).length} kinds refused, ${PUBLIC.length} public taken\n`);
});

test('loopback for development is plain 127.0.0.0/8 and ::1 only', () => {
  for (const address of ['127.0.0.1', '127.1.2.3', '::1']) assert.equal(isLoopbackAddress(address), true, address);
  for (const address of ['::ffff:127.0.0.1', '0.0.0.0', '::', '10.0.0.1', '::2']) assert.equal(isLoopbackAddress(address), false, address);
});

const resolveFrom =
  (names: Record<string, string[]>): Resolve =>
  async (hostname) => {
    if (!names[hostname]) throw new Error('ENOTFOUND');
    return names[hostname].map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
  };

const names: Record<string, string[]> = {
  'hooks.partner.test': ['93.184.215.14'],
  'v6.partner.test': ['2606:4700:4700::1111'],
  'internal.partner.test': ['10.0.0.7'],
  'mixed.partner.test': ['93.184.215.14', '192.168.1.1'],
  'mapped.partner.test': ['::ffff:169.254.169.254'],
  'metadata.partner.test': ['169.254.169.254'],
  'empty.partner.test': [],
  'metadata.goog': ['93.184.215.14'],
  'metadata.google.internal': ['93.184.215.14'],
  'instance-data.ec2.internal': ['93.184.215.14'],
  metadata: ['93.184.215.14'],
  'printer.local': ['93.184.215.14'],
  localhost: ['127.0.0.1'],
  'api.localhost': ['127.0.0.1'],
};
const strict: ReceiverPolicy = { resolve: resolveFrom(names) };
const development: ReceiverPolicy = { resolve: resolveFrom(names), loopback: { refusedPorts: [8150, 3150] } };

async function refusal(url: string, policy: ReceiverPolicy): Promise<string | undefined> {
  try {
    await checkReceiver(url, policy);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ReceiverRefused, `${url}: ${(error as Error).message}`);
    return error.message;
  }
}

test('as in AWS: https to public addresses only; names are resolved and every answer must pass', async () => {
  const refusals: Record<string, string> = {
    'http://hooks.partner.test/x': 'must be an https URL',
    'ftp://hooks.partner.test/x': 'must be an https URL',
    'https://user:pass@hooks.partner.test/x': 'must not carry a user name or password',
    'https://token@hooks.partner.test/x': 'must not carry a user name or password',
  };
  const notPublic = [
    'https://[::ffff:169.254.169.254]/latest/meta-data',
    'https://[fd00:ec2::254]/latest',
    'https://10.1.2.3/',
    'https://192.168.0.10/',
    'https://0.0.0.0/',
    'https://0x7f.1/', // URL reads this as 127.0.0.1
    'https://2130706433/', // and this
    'https://localhost/',
    'https://api.localhost/',
    'https://127.0.0.1:8150/',
    'https://[::1]/',
    'https://internal.partner.test/',
    'https://mixed.partner.test/',
    'https://mapped.partner.test/',
    'https://metadata.partner.test/',
    'https://empty.partner.test/',
    'https://unknown.partner.test/',
    'https://metadata.goog/computeMetadata/v1/',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://instance-data.ec2.internal/latest/',
    'https://metadata/',
    'https://printer.local/',
  ];
  for (const [url, message] of Object.entries(refusals)) assert.equal(await refusal(url, strict), message, url);
  for (const url of notPublic) assert.equal(await refusal(url, strict), 'must name a host that resolves to public addresses only', url);
  const checked = await checkReceiver('https://hooks.partner.test:8443/in?x=1', strict);
  assert.deepEqual([checked.address, checked.family, checked.url.host], ['93.184.215.14', 4, 'hooks.partner.test:8443']);
  assert.equal((await checkReceiver('https://v6.partner.test/', strict)).address, '2606:4700:4700::1111');
  assert.equal((await checkReceiver('https://8.8.8.8/', strict)).address, '8.8.8.8');
  process.stdout.write(`# receiver guard (AWS rules): ${Object.keys(refusals).length + notPublic.length} URLs refused, 3 public taken\n`);
});

test('development setting: loopback receivers over http too, but never the local run own ports, and still nothing else', async () => {
  for (const url of ['http://127.0.0.1:9000/hook', 'http://localhost:9000/hook', 'http://api.localhost:9000/hook', 'http://[::1]:9000/hook', 'https://hooks.partner.test/']) {
    assert.equal(await refusal(url, development), undefined, url);
  }
  for (const url of ['http://127.0.0.1:8150/', 'http://localhost:3150/', 'http://0.0.0.0:9000/', 'http://[::ffff:127.0.0.1]:9000/', 'http://10.0.0.1/', 'http://internal.partner.test/', 'http://metadata/']) {
    assert.ok(await refusal(url, development), url);
  }
  assert.equal(await refusal('ftp://127.0.0.1/', development), 'must be an http or https URL');
});
