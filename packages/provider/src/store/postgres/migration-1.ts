/**
 * Schema version 1 of the PostgreSQL store: the whole schema the SQLite store has reached in its
 * version 3 (same tables, same meaning), in one migration. Integers that must be exact (epochs,
 * seqs, ids, times) are bigint; blobs are bytea; CHECK constraints refuse what SQLite's STRICT
 * tables refuse. Text columns that are compared or ordered use the "C" collation, so ordering is by
 * bytes as in SQLite, whatever the database's default collation.
 */
import type { PostgresMigration } from './migration.ts';

export const MIGRATION_1: PostgresMigration = {
  description: 'directory, KeyPackages, consent, hub rooms and outbox, dead letters, inbound fanout and inboxes, abuse reports, assets, secrets',
  sql: `
    CREATE TABLE users (
      uri text COLLATE "C" PRIMARY KEY
    );
    CREATE TABLE user_fields (
      user_uri text COLLATE "C" NOT NULL REFERENCES users (uri) ON DELETE CASCADE,
      field text COLLATE "C" NOT NULL,
      value text COLLATE "C" NOT NULL,
      PRIMARY KEY (user_uri, field)
    );
    CREATE INDEX user_fields_by_value ON user_fields (field, value, user_uri);

    CREATE TABLE clients (
      uri text COLLATE "C" PRIMARY KEY,
      user_uri text COLLATE "C" NOT NULL REFERENCES users (uri),
      token_hash bytea NOT NULL UNIQUE,
      registered_at bigint NOT NULL CHECK (registered_at >= 0)
    );
    CREATE INDEX clients_by_user ON clients (user_uri, uri);

    -- id: upload order, so a claim takes the oldest KeyPackage first.
    CREATE TABLE key_packages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ref bytea NOT NULL UNIQUE,
      client text COLLATE "C" NOT NULL REFERENCES clients (uri),
      cipher_suite integer NOT NULL CHECK (cipher_suite BETWEEN 0 AND 65535),
      bytes bytea NOT NULL,
      claimed_room text,
      claimed_by text,
      claimed_at bigint
    );
    CREATE INDEX key_packages_unclaimed ON key_packages (client, cipher_suite, id) WHERE claimed_at IS NULL;

    -- One row per scope: any_room (room_id '') is the scope "any room" (ConsentScope.roomId null).
    CREATE TABLE consents (
      requester text COLLATE "C" NOT NULL,
      target text COLLATE "C" NOT NULL,
      any_room boolean NOT NULL,
      room_id text COLLATE "C" NOT NULL,
      state text NOT NULL CHECK (state IN ('request', 'grant', 'revoke', 'cancel')),
      at bigint NOT NULL CHECK (at >= 0),
      PRIMARY KEY (requester, target, any_room, room_id)
    );
    CREATE TABLE consent_key_packages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      requester text COLLATE "C" NOT NULL,
      target text COLLATE "C" NOT NULL,
      any_room boolean NOT NULL,
      room_id text COLLATE "C" NOT NULL,
      client text COLLATE "C" NOT NULL,
      cipher_suite integer NOT NULL CHECK (cipher_suite BETWEEN 0 AND 65535),
      bytes bytea NOT NULL,
      received_at bigint NOT NULL CHECK (received_at >= 0)
    );
    CREATE INDEX consent_key_packages_by_scope ON consent_key_packages (requester, target, any_room, room_id, client, id);

    CREATE TABLE rooms (
      room_id text COLLATE "C" PRIMARY KEY,
      epoch bigint NOT NULL CHECK (epoch >= 0),
      cipher_suite integer NOT NULL CHECK (cipher_suite BETWEEN 0 AND 65535),
      group_info bytea NOT NULL,
      ratchet_tree bytea NOT NULL,
      created_at bigint NOT NULL CHECK (created_at >= 0)
    );
    -- The proposals accepted in the room's current epoch; a commit deletes them.
    CREATE TABLE pending_proposals (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      room_id text COLLATE "C" NOT NULL REFERENCES rooms (room_id),
      message bytea NOT NULL,
      accepted_at bigint NOT NULL CHECK (accepted_at >= 0)
    );
    CREATE INDEX pending_proposals_by_room ON pending_proposals (room_id, id);

    -- One queue per destination: the outbox rows of a destination in seq order. An identity column
    -- is a sequence: a seq is never reused, even after the newest rows were delivered and deleted.
    CREATE TABLE destinations (
      destination text COLLATE "C" PRIMARY KEY,
      attempts bigint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at bigint NOT NULL DEFAULT 0 CHECK (next_attempt_at >= 0),
      last_error text,
      lease_owner text COLLATE "C",
      lease_until bigint NOT NULL DEFAULT 0
    );
    CREATE TABLE outbox (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      destination text COLLATE "C" NOT NULL REFERENCES destinations (destination),
      room_id text COLLATE "C" NOT NULL,
      body bytea NOT NULL,
      enqueued_at bigint NOT NULL CHECK (enqueued_at >= 0)
    );
    CREATE INDEX outbox_by_destination ON outbox (destination, seq);

    -- FanoutMessages a destination refused for good: kept for the operator to inspect and re-queue.
    CREATE TABLE dead_letters (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      destination text COLLATE "C" NOT NULL,
      room_id text COLLATE "C" NOT NULL,
      body bytea NOT NULL,
      status integer NOT NULL CHECK (status BETWEEN 100 AND 599),
      error text NOT NULL,
      enqueued_at bigint NOT NULL,
      dead_at bigint NOT NULL CHECK (dead_at >= 0)
    );
    CREATE INDEX dead_letters_by_destination ON dead_letters (destination, id);

    -- Every inbound FanoutMessage applied, once per (room_id, id); inbox items point at its body.
    CREATE TABLE inbound (
      n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      room_id text COLLATE "C" NOT NULL,
      id bytea NOT NULL,
      body bytea NOT NULL,
      received_at bigint NOT NULL CHECK (received_at >= 0),
      UNIQUE (room_id, id)
    );
    CREATE INDEX inbound_by_received_at ON inbound (received_at, n);
    CREATE TABLE subscriptions (
      room_id text COLLATE "C" NOT NULL,
      client text COLLATE "C" NOT NULL REFERENCES clients (uri),
      PRIMARY KEY (room_id, client)
    );
    -- A sequence: a client that acknowledged up to seq n never sees a later item numbered <= n
    -- (seqs are taken under the recipient's row lock, so they appear in commit order per client).
    CREATE TABLE inbox (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      client text COLLATE "C" NOT NULL REFERENCES clients (uri),
      inbound bigint NOT NULL REFERENCES inbound (n)
    );
    CREATE INDEX inbox_by_client ON inbox (client, seq);
    CREATE INDEX inbox_by_inbound ON inbox (inbound);

    CREATE TABLE abuse_reports (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      room_id text COLLATE "C" NOT NULL,
      reporter_domain text NOT NULL,
      body bytea NOT NULL,
      received_at bigint NOT NULL CHECK (received_at >= 0)
    );
    CREATE INDEX abuse_reports_by_room ON abuse_reports (room_id, id);

    CREATE TABLE assets (
      id text COLLATE "C" PRIMARY KEY,
      bytes bytea NOT NULL,
      stored_at bigint NOT NULL CHECK (stored_at >= 0)
    );
    -- The first value stored under a name is kept for good (ProviderStore.secret).
    CREATE TABLE secrets (
      name text COLLATE "C" PRIMARY KEY,
      value bytea NOT NULL
    );
  `,
};
