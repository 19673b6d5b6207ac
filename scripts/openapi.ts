/**
 * `npm run openapi`: writes the OpenAPI document (lambda/api/openapi.ts
 * generates it from the route table and the zod schemas) to
 * lambda/api/openapi.json, which the read function serves as it is, and its
 * TypeScript types (openapi-typescript) to lambda/api/openapi-types.ts, which
 * typed clients use. Run it after changing a route or a schema:
 * test/http/openapi.test.ts fails while either committed file differs from
 * what the code generates.
 */
import { writeFileSync } from 'node:fs';
import { openApiDocument, openApiTypes, OPENAPI_TYPES_FILE } from '../lambda/api/openapi';
import { OPENAPI_FILE } from '../lambda/api/openapi-document';

writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${OPENAPI_FILE.pathname}`);
writeFileSync(OPENAPI_TYPES_FILE, await openApiTypes());
console.log(`wrote ${OPENAPI_TYPES_FILE.pathname}`);
