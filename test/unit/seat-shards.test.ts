/** The rules of seat shards that need no database (lambda/domain/seat-shards.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BLOCK_LIFE_MS, MAX_BLOCK, entryShard, lineReplicas, nextBlockSize, replicaOfPlace, shardStep, shareCapacity, shardsToLookAt } from '../../lambda/domain/seat-shards';

test('the capacity is shared so that each shard keeps at least what it holds and the shares add up; too little is refused', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 40 }), fc.nat(400), (taken, capacity) => {
      const shares = shareCapacity(capacity, taken);
      const held = taken.reduce((a, b) => a + b, 0);
      if (held > capacity) return assert.equal(shares, undefined);
      assert.ok(shares);
      assert.equal((shares as number[]).reduce((a, b) => a + b, 0), capacity);
      shares.forEach((share, shard) => assert.ok(share! >= taken[shard]!));
      // The seats not held are spread evenly: no two shards differ by more than one free seat.
      const free = shares.map((share, shard) => share! - taken[shard]!);
      assert.ok(Math.max(...free) - Math.min(...free) <= 1);
    }),
  );
  assert.deepEqual(shareCapacity(null, [3, 0]), [null, null]);
});

test('blocks: one place when quiet, sized to a third of a block life of hand-outs at the last rate, never past MAX_BLOCK', () => {
  assert.equal(nextBlockSize(undefined), 1);
  assert.equal(nextBlockSize({ size: 1, handedOut: 1, ageMs: 60_000 }), 1, 'one place a minute');
  assert.equal(nextBlockSize({ size: 8, handedOut: 8, ageMs: BLOCK_LIFE_MS / 6 }), 16, '8 in a sixth of a life: 16 in a third of one');
  assert.equal(nextBlockSize({ size: 8, handedOut: 3, ageMs: BLOCK_LIFE_MS }), 1, 'an expired block that handed out 3');
  assert.equal(nextBlockSize({ size: 1, handedOut: 1, ageMs: 0 }), 2, 'at most twice the last');
  assert.equal(nextBlockSize({ size: MAX_BLOCK, handedOut: MAX_BLOCK, ageMs: 1 }), MAX_BLOCK);
});

test('entries spread over the shards but 0, line replicas over the first ones; one shard is the layout as it was', () => {
  assert.deepEqual([entryShard(7, 1), replicaOfPlace(7, 1), lineReplicas(1)], [0, 0, 1]);
  assert.deepEqual([lineReplicas(8), lineReplicas(9), lineReplicas(40)], [1, 2, 5]);
  const used = new Set(Array.from({ length: 39 }, (_, i) => entryShard(i + 1, 40)));
  assert.equal(used.size, 39, 'every shard but 0, which keeps the line counter');
  assert.ok(!used.has(0));
  for (let place = 1; place < 200; place++) assert.ok(replicaOfPlace(place, 40) < lineReplicas(40));
});

test('a reservation looks at two different shards; it confirms where a seat is free, finds one elsewhere, seats the line first, or joins through a shard other than 0', () => {
  for (let i = 0; i < 200; i++) {
    const [a, b] = shardsToLookAt(5);
    assert.ok(a !== b && a! < 5 && b! < 5);
  }
  assert.deepEqual(shardsToLookAt(1), [0]);
  const shard = (s: number, taken: number, capacity: number | null, line = false) => ({ shard: s, taken, capacity, waitlisted: 0, status: 'scheduled' as const, line });
  assert.deepEqual(shardStep([shard(0, 2, 2), shard(3, 1, 3)]), { kind: 'confirm', shard: 3 });
  assert.deepEqual(shardStep([shard(0, 2, 2), shard(3, 3, 3)]), { kind: 'find-seat' });
  assert.deepEqual(shardStep([shard(0, 2, 2, true), shard(3, 3, 3, true)]), { kind: 'join', shard: 3 });
  assert.deepEqual(shardStep([shard(2, 2, 3, true), shard(0, 3, 3, true)]), { kind: 'seat-the-line' });
});
