/** `npm run token -- --sub alice [--admin] [--expires 12h]`: prints a token the local server accepts. */
import { parseArgs } from 'node:util';
import { createLocalAuth } from './dev-auth';
import { localSettings } from './settings';
import { SLUG_PATTERN } from '../lambda/domain/schemas';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    admin: { type: 'boolean', default: false },
    expires: { type: 'string', default: '12h' },
  },
});
const sub = values.sub;
// Attendee ids appear in paths (an admin hides a review at /reviews/{attendeeId}), so they are slugs, as Cognito's UUID subs are.
if (!sub || !SLUG_PATTERN.test(sub)) {
  process.stderr.write('usage: npm run token -- --sub <attendee-id: a lowercase slug> [--admin] [--expires 12h]\n');
  process.exit(2);
}
const auth = await createLocalAuth(localSettings().signingKeyFile);
process.stdout.write(`${await auth.sign({ sub, admin: values.admin, expiresIn: values.expires })}\n`);
