/** `npm run token -- --sub alice [--admin] [--expires 12h]`: prints a token the local server accepts. */
import { parseArgs } from 'node:util';
import { createLocalAuth } from './dev-auth';
import { localSettings } from './settings';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    admin: { type: 'boolean', default: false },
    expires: { type: 'string', default: '12h' },
  },
});
const sub = values.sub;
if (!sub || !/^[\w.@-]{1,128}$/.test(sub)) {
  process.stderr.write('usage: npm run token -- --sub <attendee-id> [--admin] [--expires 12h]\n');
  process.exit(2);
}
const auth = await createLocalAuth(localSettings().signingKeyFile);
process.stdout.write(`${await auth.sign({ sub, admin: values.admin, expiresIn: values.expires })}\n`);
