// How much the phone sends and asks for at a time: shared by the page's sync engine and the service
// worker's background delivery, which must not load the engine.

/** Mutations per push: well under the contract's 500 ([P2]) and the server's body limit. */
export const PUSH_BATCH = 200;
/** Changes per pulled page (the contract allows 1 to 1000). */
export const PULL_PAGE = 500;
