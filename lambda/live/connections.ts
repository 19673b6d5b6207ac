/**
 * The live channel's socket routes, as API Gateway's WebSocket API calls
 * them ($connect, $disconnect, and `subscribe`, chosen by the message's
 * `action`); the local WebSocket server calls the same handler with the same
 * events. A subscription with a token must carry a valid access token: an
 * attendee's makes the socket follow that attendee's notices; an
 * organiser's (the staff pool's) the check-in counts of the named sessions
 * of the events they organise, which nobody else is told.
 */
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { organises } from '../api/caller';
import type { Caller } from '../api/http';
import type { UserPoolName } from '../api/routes';
import { attendeeTopic, checkInTopic, sessionTopic, type LiveTopic } from '../store/keys';
import type { LiveStore } from '../store/live-store';
import { subscribeMessage, type LiveMessage } from './messages';

/** Who an access token names: an attendee, or a staff member with the events they organise; undefined when it is neither pool's valid access token. */
export type LiveTokenCheck = (token: string) => Promise<{ attendeeId: string } | { organises: (eventId: string) => boolean } | undefined>;

/** One pool's check of an access token: who it names and their groups, or undefined when it is not that pool's valid access token. */
export type PoolTokenCheck = (token: string, pool: UserPoolName) => Promise<Caller | undefined>;

/** An attendee's token first, else a staff member's, whose groups say which events they organise (Cognito's check in AWS, the local pools' under npm start). */
export const liveTokenCheck =
  (verify: PoolTokenCheck): LiveTokenCheck =>
  async (token) => {
    const attendee = await verify(token, 'attendee');
    if (attendee) return { attendeeId: attendee.sub };
    const staff = await verify(token, 'staff');
    return staff && { organises: (eventId) => organises(staff, eventId) };
  };

export interface LiveResult {
  statusCode: number;
  /** What goes back to the socket (the route's response). */
  body?: string;
}

const answer = (statusCode: number, message: LiveMessage): LiveResult => ({ statusCode, body: JSON.stringify(message) });

export function createLiveHandler(live: LiveStore, checkToken: LiveTokenCheck) {
  async function subscribe(connectionId: string, parsed: unknown): Promise<LiveResult> {
    const message = subscribeMessage.safeParse(parsed);
    if (!message.success) {
      const issue = message.error.issues[0]!;
      const field = issue.path.join('.');
      return answer(400, { type: 'error', detail: `${field || 'message'}: ${issue.message}`, field });
    }
    const { sessions, token } = message.data;
    const caller = token === undefined ? undefined : await checkToken(token);
    if (token !== undefined && !caller) return answer(401, { type: 'error', detail: 'token: not a valid access token; sign in again', field: 'token' });
    const attendeeId = caller && 'attendeeId' in caller ? caller.attendeeId : undefined;
    const organised = caller && 'organises' in caller ? sessions.filter((s) => caller.organises(s.eventId)) : [];
    const topics: LiveTopic[] = [
      ...sessions.map((s) => sessionTopic(s.eventId, s.sessionId)),
      ...organised.map((s) => checkInTopic(s.eventId, s.sessionId)),
      ...(attendeeId ? [attendeeTopic(attendeeId)] : []),
    ];
    if ((await live.follow(connectionId, topics, attendeeId)) === 'gone') return answer(410, { type: 'error', detail: 'This socket is closed; open a new one' });
    return answer(200, { type: 'subscribed', sessions: sessions.length, attendee: attendeeId !== undefined, checkIns: organised.length });
  }

  return async function handle(event: Pick<APIGatewayProxyWebsocketEventV2, 'body'> & { requestContext: Pick<APIGatewayProxyWebsocketEventV2['requestContext'], 'routeKey' | 'connectionId'> }): Promise<LiveResult> {
    const { routeKey, connectionId } = event.requestContext;
    switch (routeKey) {
      case '$connect':
        await live.putConnection(connectionId);
        return { statusCode: 200 };
      case '$disconnect':
        await live.removeConnection(connectionId);
        return { statusCode: 200 };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.body ?? '');
    } catch {
      return answer(400, { type: 'error', detail: 'A message is a JSON object' });
    }
    // `subscribe` is the only route besides $default, which API Gateway picks for any other action (or none).
    if (routeKey === 'subscribe') return subscribe(connectionId, parsed);
    return answer(400, { type: 'error', detail: 'action: the only action is "subscribe"', field: 'action' });
  };
}

export type LiveHandler = ReturnType<typeof createLiveHandler>;
