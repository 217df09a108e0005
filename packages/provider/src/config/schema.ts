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

/** A PostgreSQL connection URL (libpq's URI form, which `pg` reads): no spaces or control characters. */
export const POSTGRES_URL_PATTERN = '^postgres(ql)?://[^\\s\\x00-\\x1f\\x7f]+$';
const PostgresUrl = Type.String({ pattern: POSTGRES_URL_PATTERN, maxLength: 2048 });
/** The SQLite store: one file on this machine (`:memory:` for tests). */
export const SqliteStoreConfigSchema = Type.Object({ path: FilePath }, { additionalProperties: false });
/** The PostgreSQL store: several nodes of one domain share it. */
export const PostgresStoreConfigSchema = Type.Object(
  {
    url: PostgresUrl,
    /** Most connections this node opens to the database (its pool; default the adapter's). */
    maxConnections: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
/** What the configuration file may say: a PostgreSQL URL, `{ path }` (SQLite) or `{ url, maxConnections? }`. */
export const StoreConfigSchema = Type.Union([PostgresUrl, SqliteStoreConfigSchema, PostgresStoreConfigSchema]);
/** The store a validated configuration names: a URL string is turned into `{ url }`. */
export type StoreConfig = Static<typeof SqliteStoreConfigSchema> | Static<typeof PostgresStoreConfigSchema>;

/** A node id: what delivery leases are held by (docs/provider.md, "Several nodes"). */
export const NODE_ID_PATTERN = '^[A-Za-z0-9._:@-]{1,128}$';

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
    /** The store: a PostgreSQL URL (`postgres://…`), `{ "path": … }` (SQLite) or `{ "url": …, "maxConnections": n }`. */
    store: StoreConfigSchema,
    /**
     * This node's id among the nodes of one domain (delivery leases are held by it). Default: the
     * host name and the listen port, so two nodes on one host differ and a restarted node takes its
     * own leases back at once.
     */
    node: Type.Optional(Type.String({ pattern: NODE_ID_PATTERN })),
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
          /**
           * How long the follower remembers an applied FanoutMessage's id to drop a hub's retry of it,
           * ms (default 7 days; at least an hour: it must exceed every hub's retry horizon, docs/provider-store.md).
           */
          dedupeRetentionMs: Type.Optional(Type.Integer({ minimum: 3_600_000, maximum: 10 * 365 * 86_400_000 })),
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
          /** How long a node's lease on a destination's queue lasts (a dead node's queues are taken over after it), ms. */
          leaseMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 3_600_000 })),
          /** How often the queues are looked at besides the change feed and local wake-ups, ms. */
          pollMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
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

/** A validated configuration (validateConfig): paths resolved, the store in its object form. */
export type ProviderConfig = Omit<Static<typeof ProviderConfigSchema>, 'store'> & { store: StoreConfig };
export type PeerConfig = Static<typeof PeerConfigSchema>;
