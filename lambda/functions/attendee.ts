/** Lambda entry: an attendee's reservations, bookmarks, agenda and notice preferences. */
import { createHandler } from '../api/handler';
import { attendeeOperations } from '../api/operations/attendee';
import { createAttendanceStore } from '../store/attendance-store';
import { createBookmarkStore } from '../store/bookmark-store';
import { createCatalogueStore } from '../store/catalogue-store';
import { createCheckInStore } from '../store/check-in-store';
import { createNoticeStore } from '../store/notice-store';
import { checkInCodesOf, type AttendeeStores } from '../store/stores';
import { apiFunctionEnvironment } from './api-environment';

const { doc, tableName, cursorKey, cursors, settings } = await apiFunctionEnvironment();
const stores: AttendeeStores = {
  catalogue: createCatalogueStore(doc, tableName, cursors),
  attendance: createAttendanceStore(doc, tableName, cursors),
  bookmarks: createBookmarkStore(doc, tableName, cursors),
  checkIns: createCheckInStore(doc, tableName, cursors),
  checkInCodes: checkInCodesOf(cursorKey),
  notices: createNoticeStore(doc, tableName),
};
export const handler = createHandler(attendeeOperations(stores), settings);
