/**
 * `npm run openapi`: writes the OpenAPI document (lambda/api/openapi.ts
 * generates it from the route table and the zod schemas) to
 * lambda/api/openapi.json, which the read function serves as it is. Run it
 * after changing a route or a schema; test/http/openapi.test.ts fails while
 * the committed file differs from what the code generates.
 */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../lambda/api/openapi';
import { OPENAPI_FILE } from '../lambda/api/openapi-document';

writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${OPENAPI_FILE.pathname}`);
