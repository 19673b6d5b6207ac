/**
 * Migration: reviews stored before the event's moderation list (GET
 * /events/{e}/reviews) lack its index key (`kindPk = EVENT#{e}#REVIEWS`);
 * this gives it to each visible one, session by session. Safe to run again
 * and beside live traffic: each write is conditional on the version read,
 * on the review being visible and on its having no key yet (docs/data-model.md,
 * "Reviews stored before the event's list").
 */
import type { CatalogueStore } from '../store/catalogue-store';
import type { EngagementStore } from '../store/engagement-store';

export async function indexEventReviews(catalogue: CatalogueStore, engagement: EngagementStore, eventId: string): Promise<{ indexed: number; skipped: number }> {
  let [indexed, skipped] = [0, 0];
  for (const session of await catalogue.listAllSessions(eventId)) {
    const missing = (await engagement.reviewsOf(eventId, session.id)).filter((review) => !review.hidden && review.kindPk === undefined);
    for (const review of missing) {
      if (await engagement.addToEventReviews(review)) indexed++;
      else skipped++;
    }
  }
  return { indexed, skipped };
}
