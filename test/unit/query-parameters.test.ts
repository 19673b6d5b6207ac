/**
 * The handler reads the raw query string, as API Gateway and the local server
 * both pass it, so a repeated parameter is a list and a comma stays inside its
 * value; API Gateway's comma-joined queryStringParameters would merge the two.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryParametersOf } from '../../lambda/api/query';

test('a repeated parameter is a list; a comma is part of a value', () => {
  // What API Gateway (payload 2.0) sends for ?track=DevOps%2C%20Cloud&track=AI%2FML&limit=5
  const joined = { track: 'DevOps, Cloud,AI/ML', limit: '5' };
  assert.deepEqual(queryParametersOf('track=DevOps%2C%20Cloud&track=AI%2FML&limit=5', joined), { track: ['DevOps, Cloud', 'AI/ML'], limit: '5' });
  assert.deepEqual(queryParametersOf('track=DevOps,%20Cloud', { track: 'DevOps, Cloud' }), { track: 'DevOps, Cloud' });
  assert.deepEqual(queryParametersOf('', undefined), {});
});

test('an event without rawQueryString falls back to the joined values', () => {
  assert.deepEqual(queryParametersOf(undefined, { day: '2024-05-16', q: undefined }), { day: '2024-05-16' });
});
