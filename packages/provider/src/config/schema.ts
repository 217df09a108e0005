/**
 * The provider's configuration file (JSON), as a TypeBox schema: one place that says what a
 * provider needs (docs/provider.md lists every field). Paths inside it are relative to the file.
 */
import Type, { type Static } from 'typebox';

const HOST_NAME = '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$';
const Domain = Type.String({ pattern: HOST_NAME, description: 'a DNS host name in lowercase A-label form' });
const FilePath = Type.String({ minLength: 1, maxLength: 4096 });
const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Listen = Type.Object({ host: Type.String({ minLength: 1, maxLength: 255 }), port: Port }, { additionalProperties: false });

export const PeerConfigSchema = Type.Object(
  {
    domain: Domain,
    /** Where the peer's MIMI endpoints are (origin and optional path prefix), e.g. `https://b.example` or `https://127.0.0.1:8444`. */
    url: Type.String({ pattern: '^https://', maxLength: 2048 }),
    /** The CA that vouches for this peer (PEM file); default: tls.ca. */
    ca: Type.Optional(FilePath),
  },
  { additionalProperties: false },
);

export const UserConfigSchema = Type.Object(
  {
    uri: Type.String({ pattern: '^mimi://', maxLength: 2048 }),
    /** Searchable directory fields (handle, nick, email, phone, …) for identifierQuery. */
    fields: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1024 }))),
  },
  { additionalProperties: false },
);

export const ProviderConfigSchema = Type.Object(
  {
    domain: Domain,
    /** The provider-to-provider endpoint (HTTPS with mutual TLS). */
    listen: Listen,
    /** The client API for this provider's own users (plain HTTP: bind it to loopback or put TLS in front). */
    clientListen: Listen,
    /** The origin peers reach this provider at; the directory's URL templates start with it. */
    publicBaseUrl: Type.String({ pattern: '^https://', maxLength: 2048 }),
    store: Type.Object({ path: FilePath }, { additionalProperties: false }),
    tls: Type.Object(
      {
        /** This provider's certificate (PEM), valid for `domain`: server and client certificate at once. */
        cert: FilePath,
        key: FilePath,
        /** The CA(s) that vouch for peers (PEM), unless a peer names its own. */
        ca: FilePath,
      },
      { additionalProperties: false },
    ),
    /** The federation allowlist: only these providers are served and called. */
    peers: Type.Array(PeerConfigSchema, { maxItems: 10_000 }),
    users: Type.Array(UserConfigSchema, { maxItems: 1_000_000 }),
    /** The hub's franking key file (JSON, mode 0600), made on first start. Default: the store path + `.franking-key.json`. */
    frankingKey: Type.Optional(FilePath),
    /** The hub's GroupInfoResponse signing key file (JSON, mode 0600), made on first start. Default: the store path + `.hub-sender.json`. */
    hubSenderKey: Type.Optional(FilePath),
    /** Where this provider's asset server is reached (origin): uploaded assets get URLs under it. Default: publicBaseUrl. */
    assetBaseUrl: Type.Optional(Type.String({ pattern: '^https://', maxLength: 2048 })),
    /**
     * proxyDownload's fetches (draft §5.10): `maxBytes` (default 16 MiB); `resolve` maps host names to
     * addresses (like curl --resolve) and `allowAddresses` lets named private addresses through the
     * guard: both ONLY for federations on one machine (the demo), never on the Internet.
     */
    downloads: Type.Optional(
      Type.Object(
        {
          maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 * 1024 * 1024 })),
          resolve: Type.Optional(Type.Record(Type.String({ maxLength: 253 }), Type.String({ maxLength: 64 }))),
          allowAddresses: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** keyMaterial needs a granted consent for the requester (draft §5.7). Default false. */
    requireConsent: Type.Optional(Type.Boolean()),
    limits: Type.Optional(
      Type.Object(
        {
          bodyLimit: Type.Optional(Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 })),
          maxBodiesInFlightPerPeer: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
          /** Longest inbox long-poll, ms. */
          maxInboxWaitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    delivery: Type.Optional(
      Type.Object(
        {
          /** First retry delay, ms (doubles per failure, with jitter). */
          baseDelayMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 3_600_000 })),
          maxDelayMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400_000 })),
          /** Entries sent per destination before the queue is read again; also the most one /notify body carries. */
          batch: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          /** Per-request deadline, ms. */
          timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    /**
     * Log each provider-to-provider request's decoded body (as JSON) with its `mimi request` line: for
     * demos and debugging. Off by default: bodies hold user and room identifiers.
     */
    logBodies: Type.Optional(Type.Boolean()),
    logLevel: Type.Optional(
      Type.Union([
        Type.Literal('fatal'),
        Type.Literal('error'),
        Type.Literal('warn'),
        Type.Literal('info'),
        Type.Literal('debug'),
        Type.Literal('trace'),
        Type.Literal('silent'),
      ]),
    ),
  },
  { additionalProperties: false },
);

export type ProviderConfig = Static<typeof ProviderConfigSchema>;
export type PeerConfig = Static<typeof PeerConfigSchema>;
