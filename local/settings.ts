/** Settings of the local run, from the environment, with the defaults the README names. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const localSettings = () => {
  const dataDir = resolve(projectRoot, process.env.DATA_DIR ?? '.data');
  return {
    dataDir,
    dynamoDbDir: join(dataDir, 'dynamodb'),
    signingKeyFile: join(dataDir, 'dev-signing-key.json'),
    cursorKeyFile: join(dataDir, 'cursor-key'),
    port: Number(process.env.PORT ?? 3000),
    dynamoDbPort: Number(process.env.DYNAMODB_PORT ?? 8000),
    tableName: process.env.TABLE_NAME ?? 'session-catalogue',
  };
};
