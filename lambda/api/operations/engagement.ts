/** Polls and reviews: admins create and moderate, attendees vote and review as themselves. */
import { pollCreate, pollUpdate, reviewInput, vote } from '../../domain/schemas';
import { notFound } from '../../domain/errors';
import { parseWith } from '../../domain/validate';
import type { EngagementStores } from '../../store/stores';
import { castVote, createPoll, pollView, requirePoll } from '../../engagement/polls';
import { hideReview, reviewView, writeReview } from '../../engagement/reviews';
import { json, type ApiRequest } from '../http';
import type { Operations } from '../handler';
import { versionTag } from '../etags';

const ids = (request: ApiRequest) => request.pathParameters as { eventId: string; sessionId: string; pollId: string; reviewId: string };

export function engagementOperations({ catalogue, engagement }: EngagementStores): Operations {
  return {
    async createPoll(request) {
      const { eventId, sessionId } = ids(request);
      const poll = await createPoll(engagement, eventId, sessionId, parseWith(pollCreate(), request.body, 'body'));
      return json(201, pollView(poll), { location: `/events/${eventId}/sessions/${sessionId}/polls#${poll.id}` });
    },

    async closePoll(request) {
      const { eventId, sessionId, pollId } = ids(request);
      parseWith(pollUpdate(), request.body, 'body');
      if ((await engagement.closePoll(eventId, sessionId, pollId)) === 'missing') throw notFound(`Poll ${pollId}`);
      return json(200, pollView(await requirePoll(engagement, eventId, sessionId, pollId)));
    },

    async castVote(request) {
      const { eventId, sessionId, pollId } = ids(request);
      const { option } = parseWith(vote(), request.body, 'body');
      return json(200, await castVote(engagement, eventId, sessionId, pollId, request.caller!.sub, option));
    },

    async getMyVote(request) {
      const { eventId, sessionId, pollId } = ids(request);
      await requirePoll(engagement, eventId, sessionId, pollId);
      const vote = await engagement.getVote(eventId, sessionId, pollId, request.caller!.sub);
      if (!vote) throw notFound('Your vote on this poll');
      return json(200, { pollId, option: vote.option });
    },

    async getMyReview(request) {
      const { eventId, sessionId } = ids(request);
      const review = await engagement.getReviewBy(eventId, sessionId, request.caller!.sub);
      if (!review) throw notFound('Your review of this session');
      const view = reviewView(review);
      return json(200, view, { etag: versionTag(review.version) });
    },

    async writeReview(request) {
      const { eventId, sessionId } = ids(request);
      const input = parseWith(reviewInput(), request.body, 'body');
      const { review, created } = await writeReview(catalogue, engagement, eventId, sessionId, request.caller!.sub, input);
      const view = reviewView(review);
      return json(created ? 201 : 200, view, { etag: versionTag(review.version) });
    },

    async hideReview(request) {
      const { eventId, sessionId, reviewId } = ids(request);
      await hideReview(engagement, eventId, sessionId, reviewId);
      return { status: 204 };
    },
  };
}
