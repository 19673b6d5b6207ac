/**
 * The document client every function uses: the SDK's logger step (which
 * copies every request and every answer, sensitive fields masked, to hand
 * them to the client's logger) runs only for a client given a logger.
 * Without one the SDK's logger drops everything, so the copy was work for
 * nothing on every request: for a page of 100 sessions, a walk of all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';

const steps = (doc: ReturnType<typeof createDocumentClient>) => doc.middlewareStack.identify().map((step) => step.split(' ')[0]);

test('without a logger the client copies nothing for one; given one, it logs each request', async () => {
  const silent = createDocumentClient();
  const logged: unknown[] = [];
  const noop = () => {};
  const loud = createDocumentClient({ logger: { debug: noop, info: (entry: unknown) => logged.push(entry), warn: noop, error: noop } });
  try {
    assert.ok(!steps(silent).includes('loggerMiddleware'), steps(silent).join(', '));
    assert.ok(steps(loud).includes('loggerMiddleware'));
    await silent.send(new ListTablesCommand({}));
    await loud.send(new ListTablesCommand({}));
    assert.equal(logged.length, 1);
    assert.equal((logged[0] as { commandName: string }).commandName, 'ListTablesCommand');
  } finally {
    silent.destroy();
    loud.destroy();
  }
});
