import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayRange, offsetMinutes, toZonedIso, zonedDate } from '../../lambda/domain/time';

test('a Seoul day runs from 15:00 UTC the day before', () => {
  const [from, to] = dayRange('2024-05-16', 'Asia/Seoul');
  assert.equal(new Date(from).toISOString(), '2024-05-15T15:00:00.000Z');
  assert.equal(new Date(to).toISOString(), '2024-05-16T15:00:00.000Z');
});

test('a day across a DST change is 23 hours long, in the zone’s own terms', () => {
  const [from, to] = dayRange('2024-03-10', 'America/Los_Angeles');
  assert.equal(new Date(from).toISOString(), '2024-03-10T08:00:00.000Z');
  assert.equal(new Date(to).toISOString(), '2024-03-11T07:00:00.000Z');
});

test('instants are written with the event zone’s offset', () => {
  assert.equal(toZonedIso('2024-05-16T04:10:00Z', 'Asia/Seoul'), '2024-05-16T13:10:00+09:00');
  assert.equal(toZonedIso('2024-12-05T16:30:00Z', 'America/Los_Angeles'), '2024-12-05T08:30:00-08:00');
  assert.equal(toZonedIso('2024-01-01T00:00:00Z', 'Asia/Kolkata'), '2024-01-01T05:30:00+05:30');
  assert.equal(offsetMinutes('UTC', Date.parse('2024-01-01T00:00:00Z')), 0);
  assert.equal(zonedDate('2024-05-15T15:30:00Z', 'Asia/Seoul'), '2024-05-16');
});
