/**
 * What one API request may carry. The server refuses a batch of more calls (a flood of writes in
 * one request would hold every database connection), and the web app's batching link never makes
 * one: it splits its calls into batches of at most this many.
 */
export const MAX_BATCH_CALLS = 10;
