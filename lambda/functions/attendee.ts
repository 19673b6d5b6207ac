/** Lambda entry: an attendee's reservations, bookmarks and agenda. */
import { createHandler } from '../api/handler';
import { attendeeOperations } from '../api/operations/attendee';
import { handlerSettingsFromEnvironment, storesFromEnvironment } from './environment';

export const handler = createHandler(attendeeOperations(await storesFromEnvironment()), handlerSettingsFromEnvironment());
