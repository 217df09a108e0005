/** Body size limits shared by the client and server drivers. */

/** Default largest request (server) or response (client) body, in bytes. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** Largest error (problem+json) body the client reads; the rest is discarded. */
export const PROBLEM_BODY_LIMIT = 64 * 1024;
