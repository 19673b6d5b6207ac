/**
 * What a signed-in attendee does for themselves. The attendee is always the
 * token's `sub`: no route takes an attendee id, so nobody can reach another
 * attendee's reservations or bookmarks (OWASP API1).
 */
import { agendaQuery, myReservationsQuery } from '../../domain/schemas';
import { CatalogueError, notFound } from '../../domain/errors';
import type { Stores } from '../../store/stores';
import { cancelReservation, reservationView, reserveSeat } from '../../attendance/reservations';
import { agendaCalendar, agendaOf } from '../../attendance/agenda';
import { feedCalendar, rotateCalendarFeed } from '../../attendance/calendar-feed';
import { parseQuery } from '../query';
import { count, metricNames } from '../metrics';
import { json, type ApiRequest } from '../http';
import type { Operations } from '../handler';

const attendeeOf = (request: ApiRequest) => request.caller!.sub;
const sessionRef = (request: ApiRequest) => request.pathParameters as { eventId: string; sessionId: string };
const busy = () => new CatalogueError('unavailable', 'Too many changes to this session at once; try again in a moment');

export function attendeeOperations(stores: Stores): Operations {
  const { catalogue, attendance, bookmarks } = stores;
  return {
    async reserveSeat(request) {
      const { eventId, sessionId } = sessionRef(request);
      const reservation = await reserveSeat(catalogue, attendance, attendeeOf(request), eventId, sessionId);
      count(reservation.status === 'confirmed' ? metricNames.reservationsConfirmed : metricNames.reservationsWaitlisted);
      return json(201, reservation);
    },

    async cancelReservation(request) {
      const { eventId, sessionId } = sessionRef(request);
      await cancelReservation(attendance, attendeeOf(request), eventId, sessionId);
      return { status: 204 };
    },

    async listMyReservations(request) {
      const { eventId, ...page } = parseQuery(myReservationsQuery(), request.query);
      const result = await attendance.listReservations(attendeeOf(request), page, eventId);
      const items = await Promise.all(result.items.map((item) => reservationView(attendance, item)));
      return json(200, { items, nextCursor: result.nextCursor });
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
      const { items } = await agendaOf(stores, attendeeOf(request), eventId);
      return json(200, { items, nextCursor: null });
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

    async getMyAgendaCalendar(request) {
      const { eventId } = parseQuery(agendaQuery(), request.query);
      const { event, items } = await agendaOf(stores, attendeeOf(request), eventId);
      return {
        status: 200,
        headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="${eventId}-agenda.ics"` },
        text: agendaCalendar(event, items, request.publicBaseUrl),
      };
    },
  };
}
