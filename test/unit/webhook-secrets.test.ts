/** Webhook secrets: Standard Webhooks signatures as the scheme's own library checks them, and sealing bound to one webhook. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newSecret, standardWebhookHeaders } from '../../lambda/webhooks/signature';
import { aesGcmSealer, rememberOpened, secretContext, type SecretSealer } from '../../lambda/webhooks/secret-sealer';

test('signatures: the standardwebhooks library verifies ours, with one secret or two, and refuses old timestamps', () => {
  const [current, previous] = [newSecret(), newSecret()];
  const body = JSON.stringify({ deliveryId: 'summit.site.7', change: { seq: 7, title: '생성형 AI' } });
  const now = Math.floor(Date.now() / 1000);
  const one = standardWebhookHeaders([current], 'summit.site.7', now, body);
  assert.deepEqual(new Webhook(current).verify(body, one), JSON.parse(body));
  assert.equal(one['webhook-signature'], new Webhook(current).sign('summit.site.7', new Date(now * 1000), body), 'the same bytes as the library signs');
  const two = standardWebhookHeaders([current, previous], 'summit.site.7', now, body);
  for (const secret of [current, previous]) new Webhook(secret).verify(body, two);
  const stale = standardWebhookHeaders([current], 'summit.site.7', now - 600, body);
  assert.throws(() => new Webhook(current).verify(body, stale), /timestamp/i, 'a replay ten minutes later is refused by the receiver');
  assert.throws(() => new Webhook(current).verify(body, { ...one, 'webhook-id': 'summit.site.8' }), 'the id is signed');
});

test('sealed secrets open only for their own webhook, and not after tampering', async () => {
  const sealer = aesGcmSealer(randomBytes(32));
  const secret = newSecret();
  const sealed = await sealer.seal(secret, secretContext('summit', 'site'));
  assert.ok(!sealed.includes(secret.slice(6, 20)));
  assert.equal(await sealer.open(sealed, secretContext('summit', 'site')), secret);
  await assert.rejects(sealer.open(sealed, secretContext('summit', 'other')), 'copied onto another webhook');
  await assert.rejects(sealer.open(sealed, secretContext('other', 'site')), 'copied into another event');
  const tampered = Buffer.from(sealed, 'base64');
  tampered[tampered.length - 1]! ^= 1;
  await assert.rejects(sealer.open(tampered.toString('base64'), secretContext('summit', 'site')));
  await assert.rejects(aesGcmSealer(randomBytes(32)).open(sealed, secretContext('summit', 'site')), 'another key');
});

test('opened secrets are remembered by their sealed form: one decryption per secret, a rotation opens anew', async () => {
  const inner = aesGcmSealer(randomBytes(32));
  let opened = 0;
  const counting: SecretSealer = { seal: inner.seal, open: (s, c) => (opened++, inner.open(s, c)) };
  const remembered = rememberOpened(counting);
  const context = secretContext('summit', 'site');
  const first = await remembered.seal(newSecret(), context);
  for (let i = 0; i < 5; i++) await remembered.open(first, context);
  const rotated = await remembered.seal(newSecret(), context);
  assert.notEqual(await remembered.open(rotated, context), await remembered.open(first, context));
  assert.equal(opened, 2);
});
