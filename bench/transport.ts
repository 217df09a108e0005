/**
 * `npm run bench -- transport`: round trips per second of the keyMaterial operation through the generated
 * @mimikit/mimi-protocol client and server stubs (createMimiClient → undici dispatch → fastify →
 * registerMimiRoutes → handler and back: request encoded by the client, decoded by the server,
 * response encoded by the server, decoded by the client), against a bare baseline that moves the
 * same bytes: a fastify route (same fastify, a raw-body parser for application/mimi-protocol) that
 * answers the pre-encoded response bytes to an undici `request` POSTing the pre-encoded request
 * bytes and reading the whole body. Both over HTTP/1.1 on 127.0.0.1 with keep-alive, each side its
 * own server and its own undici Agent, all in this one process (so client and server share one
 * event loop, as they do in the numbers reported).
 *
 * Payload: a KeyMaterialRequest as test/support/transport-values.ts builds it, and a KeyMaterialResponse
 * holding 5 clients, each with the key package of one of the first 5 entries of
 * test/fixtures/mls/messages.json (mls_key_package, decoded with the MLSMessage codec).
 *
 * Method: warm-up of every (mode, implementation) cell, then `rounds` timed rounds; within a round,
 * each mode's two implementations run back to back for one fixed time slice each, in an order that
 * rotates from round to round. Modes: sequential (one request in flight) and concurrent (`inFlight`
 * requests in flight, each worker starting its next request when its previous one completes).
 * ops/s is the median over rounds, the ratio the median of per-round ours/bare ratios
 * (bench/measure.ts).
 *
 * Prints; writes no files. Not a test: nothing here asserts anything.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Agent, request } from 'undici';
import { bytesEqual } from '@mimikit/bytes';
import { codecs as mlsCodecs, type KeyPackage } from '@mimikit/mls';
import { codecs, type KeyMaterialResponse } from '@mimikit/mimi-protocol';
import { createMimiClient, type MimiClient } from '@mimikit/mimi-protocol/client';
import { registerMimiRoutes } from '@mimikit/mimi-protocol/server';
import { DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER } from '@mimikit/transport';
import { mimiServerOptions } from '@mimikit/transport/server';
import { bytes, loadMessages } from '../test/support/mls-vectors.ts';
import { BOB, keyMaterialRequest, uri } from '../test/support/transport-values.ts';
import { asyncResultsSum, fmtOps, median, pairedRatio, timedAsync } from './measure.ts';

export interface TransportBenchOptions {
  /** Timed rounds per cell; the median is reported. */
  rounds?: number;
  /** Length of one timed slice, ms. */
  sliceMs?: number;
  /** Warm-up per cell, ms. */
  warmupMs?: number;
  /** Requests in flight in the concurrent mode. */
  inFlight?: number;
  /** Clients (one key package each) in the KeyMaterialResponse. */
  keyPackages?: number;
}

export interface TransportBenchRow {
  mode: Mode;
  inFlight: number;
  ours: number;
  bare: number;
  /** ours / bare (> 1: ours is faster): median over rounds of the per-round ratio. */
  ratio: number;
  /** Mean latency of one round trip at the median throughput, µs (inFlight / ops·s⁻¹). */
  oursLatencyUs: number;
  bareLatencyUs: number;
}

export interface TransportBenchResult {
  node: string;
  versions: { fastify: string; undici: string };
  method: { rounds: number; sliceMs: number; warmupMs: number; unit: string };
  payload: {
    operation: 'keyMaterial';
    keyPackages: number;
    requestBytes: number;
    responseBytes: number;
    /** The generated server answers exactly the bytes the baseline answers (checked once, untimed). */
    sameResponseBytes: boolean;
  };
  rows: TransportBenchRow[];
  totalMs: number;
}

type Impl = 'ours' | 'bare';
const IMPLS: Impl[] = ['ours', 'bare'];
type Mode = 'sequential' | 'concurrent';

const TLS_MEDIA_TYPE = 'application/mimi-protocol';
const ACCEPT = `${TLS_MEDIA_TYPE}, application/problem+json`;
const ROUTE = '/v1/keyMaterial/:targetUser';
// Same router settings as test/transport/server-harness.ts: identifiers in paths are long.
// Both servers get the transport's default limits, so they differ only in what runs per request.
const FASTIFY_OPTIONS = mimiServerOptions({ logger: false });

const require = createRequire(import.meta.url);

function keyPackages(n: number): KeyPackage[] {
  const vectors = loadMessages();
  if (vectors.length < n) throw new Error(`messages.json has only ${vectors.length} entries`);
  return vectors.slice(0, n).map((v) => {
    const m = mlsCodecs.MLSMessage.decode(bytes(v.mls_key_package));
    if (m.wire_format !== 'mls_key_package') throw new Error('vector is not a key package');
    return m.key_package;
  });
}

function keyMaterialResponse(n: number): KeyMaterialResponse {
  const value: KeyMaterialResponse = {
    protocol: 'mls10',
    userStatus: 'success',
    userUri: uri(BOB),
    clients: keyPackages(n).map((keyPackage, i) => ({ clientStatus: 'success', clientUri: uri(`${BOB}/c/${i + 1}`), keyPackage })),
  };
  // As the codec decodes it, so the handler returns what a real one would have built from storage.
  return codecs.KeyMaterialResponse.decode(codecs.KeyMaterialResponse.encode(value));
}

/** Runs `op` with `inFlight` concurrent workers for about `ms` milliseconds; returns completed ops per second. */
async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

export async function runTransportBench(options: TransportBenchOptions = {}): Promise<TransportBenchResult> {
  const rounds = options.rounds ?? 9;
  const sliceMs = options.sliceMs ?? 500;
  const warmupMs = options.warmupMs ?? 1500;
  const inFlight = options.inFlight ?? 8;
  const nKeyPackages = options.keyPackages ?? 5;
  const start = performance.now();

  const requestValue = keyMaterialRequest;
  const responseValue = keyMaterialResponse(nKeyPackages);
  const requestBytes = codecs.KeyMaterialRequest.encode(requestValue);
  const responseBytes = codecs.KeyMaterialResponse.encode(responseValue);
  const requestBuf = Buffer.from(requestBytes.buffer, requestBytes.byteOffset, requestBytes.byteLength);
  const responseBuf = Buffer.from(responseBytes.buffer, responseBytes.byteOffset, responseBytes.byteLength);
  const params = { targetUser: BOB };
  const path = `/v1/keyMaterial/${encodeURIComponent(BOB)}`;

  // Ours: the generated server stub, its handler answering the prepared value.
  const oursApp = Fastify(FASTIFY_OPTIONS) as unknown as FastifyInstance;
  // The directory is not benchmarked; the per-peer budget must admit every request the bench keeps in flight.
  registerMimiRoutes(
    oursApp,
    { keyMaterial: () => responseValue },
    {
      publicBaseUrl: 'http://127.0.0.1',
      allowInsecurePublicBaseUrl: true,
      maxBodiesInFlightPerPeer: Math.max(inFlight, DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER),
    },
  );
  const oursUrl = await listen(oursApp);
  const oursAgent = new Agent();
  const client: MimiClient = createMimiClient({ baseUrl: oursUrl, dispatcher: oursAgent });

  // Bare: a fastify route answering the pre-encoded bytes to a raw buffer body.
  const bareApp = Fastify(FASTIFY_OPTIONS) as unknown as FastifyInstance;
  bareApp.addContentTypeParser(TLS_MEDIA_TYPE, { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) =>
    done(null, body),
  );
  bareApp.post(ROUTE, (_req: FastifyRequest, reply: FastifyReply) => {
    void reply.code(200).type(TLS_MEDIA_TYPE).send(responseBuf);
  });
  const bareUrl = await listen(bareApp);
  const bareAgent = new Agent();

  const bareRequest = (base: string, dispatcher: Agent) => async (): Promise<Uint8Array> => {
    const res = await request(base + path, {
      method: 'POST',
      headers: { accept: ACCEPT, 'content-type': TLS_MEDIA_TYPE },
      body: requestBuf,
      dispatcher,
    });
    return new Uint8Array(await res.body.arrayBuffer());
  };

  try {
    const ops: Record<Impl, () => Promise<number>> = {
      ours: async () => (await client.keyMaterial(params, requestValue)).clients.length,
      bare: async () => (await bareRequest(bareUrl, bareAgent)()).length,
    };

    // Untimed: the generated server puts exactly the baseline's bytes on the wire.
    const checkAgent = new Agent();
    const oursBytes = await bareRequest(oursUrl, checkAgent)();
    await checkAgent.close();
    const sameResponseBytes = bytesEqual(oursBytes, responseBuf);

    const modes: Array<{ mode: Mode; inFlight: number }> = [
      { mode: 'sequential', inFlight: 1 },
      { mode: 'concurrent', inFlight },
    ];

    for (const m of modes) for (const impl of IMPLS) await timedAsync(ops[impl], m.inFlight, warmupMs);

    const samples = new Map<string, number[]>();
    const key = (mode: Mode, impl: Impl) => `${mode}\u0000${impl}`;
    for (let r = 0; r < rounds; r++) {
      for (const m of modes) {
        for (let j = 0; j < IMPLS.length; j++) {
          const impl = IMPLS[(j + r) % IMPLS.length]!;
          const list = samples.get(key(m.mode, impl)) ?? [];
          list.push(await timedAsync(ops[impl], m.inFlight, sliceMs));
          samples.set(key(m.mode, impl), list);
        }
      }
    }

    const rows: TransportBenchRow[] = modes.map(({ mode, inFlight: n }) => {
      const ours = samples.get(key(mode, 'ours')) ?? [];
      const bare = samples.get(key(mode, 'bare')) ?? [];
      const o = median(ours);
      const b = median(bare);
      return { mode, inFlight: n, ours: o, bare: b, ratio: pairedRatio(ours, bare), oursLatencyUs: (n * 1e6) / o, bareLatencyUs: (n * 1e6) / b };
    });

    if (asyncResultsSum() === 0) throw new Error('unreachable: nothing was received');
    const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
    return {
      node: process.version,
      versions: { fastify: version('fastify'), undici: version('undici') },
      method: { rounds, sliceMs, warmupMs, unit: 'keyMaterial round trips per second (HTTP/1.1, 127.0.0.1, keep-alive); median of rounds' },
      payload: {
        operation: 'keyMaterial',
        keyPackages: nKeyPackages,
        requestBytes: requestBytes.length,
        responseBytes: responseBytes.length,
        sameResponseBytes,
      },
      rows,
      totalMs: performance.now() - start,
    };
  } finally {
    await Promise.all([oursAgent.close(), bareAgent.close()]);
    await Promise.all([oursApp.close(), bareApp.close()]);
  }
}

export function formatTransportBench(r: TransportBenchResult): string {
  const p = r.payload;
  const lines = [
    `Transport benchmark (Node ${r.node}, fastify ${r.versions.fastify}, undici ${r.versions.undici}; ${r.method.unit}; ${r.method.rounds} rounds × ${r.method.sliceMs} ms after ${r.method.warmupMs} ms warm-up per cell)`,
    `payload: ${p.operation}, request ${p.requestBytes} bytes (KeyMaterialRequest), response ${p.responseBytes} bytes (KeyMaterialResponse, ${p.keyPackages} key packages); generated server answers the baseline's bytes: ${p.sameResponseBytes ? 'yes' : 'no'}`,
    'ours: createMimiClient → registerMimiRoutes (encode + strict decode both ways); bare: undici request with pre-encoded bytes → fastify route answering pre-encoded bytes',
    '',
    '| mode | in flight | ours ops/s | bare ops/s | ours/bare | ours µs/op | bare µs/op |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map(
      (x) =>
        `| ${x.mode} | ${x.inFlight} | ${fmtOps(x.ours)} | ${fmtOps(x.bare)} | ${x.ratio.toFixed(2)} | ${x.oursLatencyUs.toFixed(0)} | ${x.bareLatencyUs.toFixed(0)} |`,
    ),
    '',
    `ratio = median over rounds of ours/bare in the same round (>1: ours faster; goal >= 0.80). µs/op = in flight / ops/s.`,
    `total ${(r.totalMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
