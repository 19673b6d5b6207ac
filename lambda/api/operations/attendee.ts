/**
 * What a signed-in attendee does for themselves. The attendee is always the
 * token's `sub`: no route takes an attendee id, so nobody can reach another
 * attendee's reservations or bookmarks (OWASP API1).
 */
import { askedLanguages, languageHeaders } from '../languages';
import { agendaQuery, checkInBatch, checkInScan, myReservationsQuery, preferencesInput } from '../../domain/schemas';
import { CatalogueError, notFound } from '../../domain/errors';
import type { AttendeeStores } from '../../store/stores';
import { cancelReservation, reservationView, reserveSeat } from '../../attendance/reservations';
import { agendaCalendar, agendaOf } from '../../attendance/agenda';
import { feedCalendar, rotateCalendarFeed } from '../../attendance/calendar-feed';
import { checkInScans, withCheckInCode, type RefusedScan } from '../../attendance/check-ins';
import { parseQuery } from '../query';
import { count, metricNames } from '../metrics';
import { json, problem, statusOf, type ApiRequest, type ApiResponse } from '../http';
import { parseWith } from '../../domain/validate';
import type { Operations } from '../handler';

const attendeeOf = (request: ApiRequest) => request.caller!.sub;
const sessionRef = (request: ApiRequest) => request.pathParameters as { eventId: string; sessionId: string };
const busy = () => new CatalogueError('unavailable', 'Too many changes to this session at once; try again in a moment');

export function attendeeOperations(stores: AttendeeStores): Operations {
  const { catalogue, attendance, bookmarks } = stores;
  return {
    async reserveSeat(request) {
      const { eventId, sessionId } = sessionRef(request);
      const reservation = await reserveSeat(catalogue, attendance, attendeeOf(request), eventId, sessionId);
      count(reservation.status === 'confirmed' ? metricNames.reservationsConfirmed : metricNames.reservationsWaitlisted);
      return json(201, withCheckInCode(stores, attendeeOf(request), reservation));
    },

    async cancelReservation(request) {
      const { eventId, sessionId } = sessionRef(request);
      await cancelReservation(attendance, attendeeOf(request), eventId, sessionId);
      return { status: 204 };
    },

    async listMyReservations(request) {
      const { eventId, ...page } = parseQuery(myReservationsQuery(), request.query);
      const result = await attendance.listReservations(attendeeOf(request), page, eventId);
      const items = await Promise.all(result.items.map(async (item) => withCheckInCode(stores, attendeeOf(request), await reservationView(attendance, item))));
      return json(200, { items, nextCursor: result.nextCursor });
    },

    async getMyPreferences(request) {
      return json(200, await stores.notices.getPreferences(attendeeOf(request)));
    },

    async putMyPreferences(request) {
      const input = parseWith(preferencesInput(), request.body, 'body');
      const preferences = { emailNotices: input.emailNotices, ...(input.email ? { email: input.email } : {}) };
      await stores.notices.putPreferences(attendeeOf(request), preferences);
      return json(200, preferences);
    },

    async addBookmark(request) {
      const { eventId, sessionId } = sessionRef(request);
      const outcome = await bookmarks.putBookmark(attendeeOf(request), eventId, sessionId);
      if (outcome === 'missing') throw notFound(`Session ${sessionId} of event ${eventId}`);
      if (outcome === 'busy') throw busy();
      return { status: 204 };
    },

    async removeBookmark(request) {
      const { eventId, sessionId } = sessionRef(request);
      if ((await bookmarks.deleteBookmark(attendeeOf(request), eventId, sessionId)) === 'busy') throw busy();
      return { status: 204 };
    },

    async getMyAgenda(request) {
      const { eventId } = parseQuery(agendaQuery(), request.query);
      const wanted = askedLanguages({ ...request, query: {} });
      const { items } = await agendaOf(stores, attendeeOf(request), eventId, wanted);
      return json(200, { items, nextCursor: null }, languageHeaders(items.map((item) => item.contentLanguage), { wanted }));
    },

    async rotateCalendarFeed(request) {
      const feed = await rotateCalendarFeed(stores, attendeeOf(request), request.publicBaseUrl);
      // The URL is a secret: shown once, never cached.
      return json(201, feed, { 'cache-control': 'no-store' });
    },

    async getCalendarFeed(request) {
      return {
        status: 200,
        headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' },
        // A token given twice is no token: 404 like any malformed one.
        text: await feedCalendar(stores, typeof request.query.token === 'string' ? request.query.token : undefined, request.publicBaseUrl),
      };
    },

    // Staff at the door (access: organiser of the path's event): one scan, or a phone's queue of them.
    async checkIn(request) {
      const { eventId, sessionId } = sessionRef(request);
      const scan = parseWith(checkInScan(), request.body, 'body');
      const result = (await checkInScans(stores, eventId, sessionId, [scan], () => 'body'))[0]!;
      if ('error' in result) return scanProblem(result);
      return json(result.outcome === 'created' ? 201 : 200, result.checkIn);
    },

    async checkInBatch(request) {
      const { eventId, sessionId } = sessionRef(request);
      const { scans } = parseWith(checkInBatch(), request.body, 'body');
      const results = await checkInScans(stores, eventId, sessionId, scans, (i) => `body.scans[${i}]`);
      return json(200, {
        results: results.map((result) =>
          'error' in result ? { status: statusOf[result.error.kind], problem: scanProblem(result).body } : { status: result.outcome === 'created' ? 201 : 200, checkIn: result.checkIn },
        ),
      });
    },

    async getMyAgendaCalendar(request) {
      const { eventId } = parseQuery(agendaQuery(), request.query);
      const wanted = askedLanguages({ ...request, query: {} });
      const { event, items } = await agendaOf(stores, attendeeOf(request), eventId, wanted);
      return {
        status: 200,
        headers: {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': `attachment; filename="${eventId}-agenda.ics"`,
          ...languageHeaders(items.map((item) => item.contentLanguage), { wanted }),
        },
        text: agendaCalendar(event, items, request.publicBaseUrl),
      };
    },
  };
}

/** A refused scan's problem document; a seat checked in before says when. */
function scanProblem(refused: RefusedScan): ApiResponse & { body: Record<string, unknown> } {
  const answer = problem(statusOf[refused.error.kind], refused.error.message, refused.error.errors) as ApiResponse & { body: Record<string, unknown> };
  if (refused.checkedInAt) answer.body.checkedInAt = refused.checkedInAt;
  return answer;
}
