/** A screen shows at most this many sessions' live parts (the session page one; an agenda a day's; the console's table its first rows). Apart from messages.ts so that the page takes it without the schemas. */
export const MAX_SUBSCRIBED_SESSIONS = 100;
