/**
 * A server for hostile-bodies.test.ts, run in its own process with a small heap
 * (`node --max-old-space-size=…`): the generated routes with a keyMaterial handler that holds each
 * request (and so its decoded body) for a while, as a real handler waiting on storage would. It
 * prints its URL on stdout once listening.
 */
import { startServer } from './server-harness.ts';
import * as v from '../support/transport-values.ts';

const HOLD_MS = 1500;

const server = await startServer({
  async keyMaterial() {
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    return v.keyMaterialResponse;
  },
});
process.stdout.write(`${server.url}\n`);
