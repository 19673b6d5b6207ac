/** Lambda entry: an attendee's reservations, bookmarks and agenda. */
import { createHandler } from '../api/handler';
import { attendeeOperations } from '../api/operations/attendee';
import { apiFunctionEnvironment } from './api-environment';

const { stores, settings } = await apiFunctionEnvironment();
export const handler = createHandler(attendeeOperations(stores), settings);
