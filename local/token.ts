/**
 * `npm run token -- --sub alice [--admin] [--organiser <eventId>]... [--expires 12h]`:
 * prints an access token the local server accepts. Without --admin or
 * --organiser it is an attendee's (the attendee pool); with either, a staff
 * member's (the staff pool), which only organiser routes take.
 */
import { parseArgs } from 'node:util';
import { createLocalAuth } from './dev-auth';
import { localSettings } from './settings';
import { SLUG_PATTERN } from '../lambda/domain/vocabulary';

const USAGE = 'usage: npm run token -- --sub <id: a lowercase slug> [--admin] [--organiser <eventId>]... [--expires 12h]\n';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    admin: { type: 'boolean', default: false },
    organiser: { type: 'string', multiple: true, default: [] },
    expires: { type: 'string', default: '12h' },
  },
});
const { sub, organiser } = values;
// Ids become parts of table keys, so they are slugs, as Cognito's UUID subs are.
if (!sub || !SLUG_PATTERN.test(sub) || !organiser.every((eventId) => SLUG_PATTERN.test(eventId))) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const auth = await createLocalAuth(localSettings().signingKeyFile);
process.stdout.write(`${await auth.sign({ sub, admin: values.admin, organiserOf: organiser, expiresIn: values.expires })}\n`);
