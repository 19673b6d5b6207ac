/** Settings of the local run, from the environment, with the defaults the README names. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOrigins } from '../lambda/api/cors';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const localSettings = () => {
  const dataDir = resolve(projectRoot, process.env.DATA_DIR ?? '.data');
  // A DynamoDB (Local) that runs already: `npm start` uses it and starts none of its own. Not
  // DYNAMODB_ENDPOINT, which npm start sets for its own code and a test runner may have set already.
  const dynamoDbEndpoint = process.env.EXISTING_DYNAMODB_ENDPOINT || undefined;
  return {
    dataDir,
    dynamoDbDir: join(dataDir, 'dynamodb'),
    signingKeyFile: join(dataDir, 'dev-signing-key.json'),
    cursorKeyFile: join(dataDir, 'cursor-key'),
    // Seals webhook signing secrets, as the KMS key does in AWS.
    webhookSecretKeyFile: join(dataDir, 'webhook-secret-key'),
    /** Where the local mailer writes messages (nothing is sent); listed at GET /outbox. */
    outboxDir: join(dataDir, 'outbox'),
    /** The sender the local messages name, as `-c mailFrom=…` for the stack. */
    mailFrom: process.env.MAIL_FROM ?? 'catalogue@localhost',
    // Development only: webhook receivers on this machine (127.0.0.0/8, ::1), over http too.
    webhooksAllowLoopback: process.env.WEBHOOKS_ALLOW_LOOPBACK === '1',
    port: Number(process.env.PORT ?? 3000),
    /** What CloudFront adds as X-Origin-Verify in AWS: when set, the API answers only requests that carry it (403 otherwise). */
    originSecret: process.env.ORIGIN_SECRET,
    /** The start of every URL the API prints (feed URLs, schedule links); the server's own address unless set. */
    publicBaseUrl: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    /** Other sites whose pages may call the API (comma-separated origins), as `-c corsOrigins=…` for the stack. */
    corsOrigins: parseOrigins(process.env.CORS_ORIGINS),
    dynamoDbEndpoint,
    dynamoDbPort: Number(dynamoDbEndpoint ? new URL(dynamoDbEndpoint).port : (process.env.DYNAMODB_PORT ?? 8000)),
    tableName: process.env.TABLE_NAME ?? 'session-catalogue',
  };
};
