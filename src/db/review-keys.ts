// Keys of the review's copies in the notebook's meta table (review-cache.ts writes and reads them
// through zod). Apart from it so that the header can read the officer's areas without loading zod.

/** The areas the officer may review (GET /api/areas), as last fetched. */
export const REVIEW_AREAS_KEY = 'review:areas';
