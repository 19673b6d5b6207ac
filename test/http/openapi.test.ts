/** The OpenAPI document is valid OpenAPI 3.1, describes every route of the route table, and agrees with the server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { routes } from '../../lambda/api/routes';
import { openApiDocument, openApiTypes, OPENAPI_TYPES_FILE } from '../../lambda/api/openapi';
import { OPENAPI_FILE } from '../../lambda/api/openapi-document';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
before(async () => {
  api = await startTestApi();
  doc = (await api.call('GET', '/openapi.json')).body;
});
after(() => api.close());

test('is the document the code generates, made at build time (npm run openapi) and served as it is', () => {
  assert.deepEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')), openApiDocument(), 'lambda/api/openapi.json is stale: run npm run openapi');
  assert.deepEqual(doc, openApiDocument());
});

/** A validator for schemas of the document: their $refs (#/components/schemas/…) resolve against the document itself. */
function documentValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compile = ajv.compile.bind(ajv);
  return { compile: (schema: object) => compile({ ...schema, components: doc.components }) };
}

test('its TypeScript types (for typed clients) are what npm run openapi generates from it', async () => {
  assert.equal(readFileSync(OPENAPI_TYPES_FILE, 'utf8'), await openApiTypes(), 'lambda/api/openapi-types.ts is stale: run npm run openapi');
});

test('is a valid OpenAPI 3.1 document', async () => {
  const result = await new Validator().validate(doc);
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(result.errors ?? [], []);
  assert.equal(result.valid, true);
});

test('has exactly the routes of the route table, with their access', () => {
  const documented = Object.entries(doc.paths as Record<string, Record<string, { operationId: string; security: unknown[] }>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId} ${op.security.length > 0 ? 'auth' : 'public'}`))
    .sort();
  const expected = routes.map((r) => `${r.method} ${r.path} ${r.operation} ${r.access === 'public' ? 'public' : 'auth'}`).sort();
  assert.deepEqual(documented, expected);
});

test('responses of the server validate against the documented schemas', async () => {
  await createSampleEvent(api);
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'doc-check' }) });
  const ajv = documentValidator();
  const schemaOf = (path: string, method: string, status: number) =>
    doc.paths[path][method].responses[status].content['application/json'].schema;
  const checks: [string, string, string, number, unknown][] = [
    ['/events/{eventId}/sessions', 'post', 'created session', 201, created.body],
    ['/events/{eventId}/sessions/{sessionId}', 'get', 'one session', 200, (await api.call('GET', '/events/summit/sessions/doc-check')).body],
    ['/events/{eventId}/sessions', 'get', 'session list', 200, (await api.call('GET', '/events/summit/sessions')).body],
    ['/events', 'get', 'event list', 200, (await api.call('GET', '/events')).body],
    ['/events/{eventId}/tracks', 'get', 'tracks', 200, (await api.call('GET', '/events/summit/tracks')).body],
    ['/speakers/{speakerId}', 'get', 'speaker', 200, (await api.call('GET', '/speakers/ham-giho')).body],
  ];
  for (const [path, method, name, status, body] of checks) {
    const validate = ajv.compile(schemaOf(path, method, status));
    assert.ok(validate(body), `${name}: ${JSON.stringify(validate.errors)}`);
  }
  const problem = await api.call('GET', '/events/summit/sessions?limit=0');
  const validateProblem = ajv.compile({ $ref: '#/components/schemas/Problem' });
  assert.ok(validateProblem(problem.body), JSON.stringify(validateProblem.errors));
});

test('a request the document calls invalid is refused by the server (the same schema validates both)', async () => {
  const body = doc.paths['/events/{eventId}/sessions'].post.requestBody.content['application/json'].schema;
  const validate = documentValidator().compile(body);
  for (const candidate of [session({ id: 'ok-one' }), session({ title: '' }), session({ capacity: -3 }), { ...session(), extra: 1 }]) {
    const documentedValid = validate(candidate);
    const result = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: candidate });
    assert.equal(result.status === 201, documentedValid, `${JSON.stringify(candidate).slice(0, 80)} → ${result.status}`);
  }
});
