// The server's schema as named, numbered, append-only migrations (never edit or reorder a released
// one: add the next). They run at start in one transaction under an advisory lock, so two processes
// starting at once on one PostgreSQL apply each migration exactly once, and a failure leaves nothing
// ([S7]).
import { VILLAGE_TALLIES_STATEMENTS } from './migration-13-village-tallies.ts';
import { LOCK_MIGRATE, lockForTransaction, type Store } from './store.ts';

export interface Migration {
  version: number;
  name: string;
  /** One statement per entry: PGlite's parameterised protocol takes a single statement at a time. */
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts-and-areas',
    statements: [
      `CREATE TABLE areas (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('commune', 'village')),
        name text NOT NULL,
        parent_id text REFERENCES areas (id),
        created_at timestamptz NOT NULL
      )`,
      'CREATE INDEX areas_parent ON areas (parent_id)',
      `CREATE TABLE users (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        phone text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('volunteer', 'police', 'admin')),
        area_ids jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL
      )`,
      // Only the SHA-256 of a token is kept: a copy of the database does not log anyone in.
      `CREATE TABLE tokens (
        hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        device_id text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`,
      'CREATE INDEX tokens_user ON tokens (user_id)',
      // One row per failed login, keyed `phone:<phone>` or `ip:<address>`; the windows count them.
      'CREATE TABLE login_failures (key text NOT NULL, at timestamptz NOT NULL)',
      'CREATE INDEX login_failures_key_at ON login_failures (key, at)',
    ],
  },
  {
    version: 2,
    name: 'records-mutations-audit-devices',
    statements: [
      // Taken by a writer only once it holds the locks of the villages it writes (since issue 18; a
      // database-wide lock before): within a village, commit order = seq order ([PL4]).
      'CREATE SEQUENCE record_seq',
      `CREATE TABLE records (
        id uuid PRIMARY KEY,
        entity text NOT NULL CHECK (entity IN ('household', 'person', 'task', 'visit')),
        village_id text NOT NULL,
        household_id uuid NOT NULL,
        version integer NOT NULL,
        data jsonb NOT NULL,
        field_versions jsonb NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL,
        updated_by uuid NOT NULL,
        seq bigint NOT NULL UNIQUE,
        birth_date text GENERATED ALWAYS AS (CASE WHEN entity = 'person' THEN data ->> 'birthDate' END) STORED,
        cccd_status text GENERATED ALWAYS AS (CASE WHEN entity = 'person' THEN data ->> 'cccdStatus' END) STORED,
        vneid_status text GENERATED ALWAYS AS (CASE WHEN entity = 'person' THEN data ->> 'vneidStatus' END) STORED,
        task_status text GENERATED ALWAYS AS (CASE WHEN entity = 'task' THEN data ->> 'status' END) STORED,
        visit_outcome text GENERATED ALWAYS AS (CASE WHEN entity = 'visit' THEN data ->> 'outcome' END) STORED
      )`,
      'CREATE INDEX records_pull ON records (village_id, seq)',
      "CREATE INDEX records_children ON records (household_id) WHERE entity <> 'household'",
      `CREATE INDEX records_tally ON records (village_id, entity)
        INCLUDE (household_id, birth_date, cccd_status, vneid_status, task_status, visit_outcome)
        WHERE NOT deleted`,
      `CREATE TABLE mutations (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        device_id text NOT NULL,
        result jsonb NOT NULL,
        at timestamptz NOT NULL
      )`,
      `CREATE TABLE audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        user_id uuid NOT NULL,
        device_id text NOT NULL,
        mutation_id uuid,
        entity text NOT NULL,
        entity_id uuid NOT NULL,
        op text NOT NULL,
        changes jsonb NOT NULL
      )`,
      'CREATE INDEX audit_entity ON audit (entity_id, id)',
      // [A22] Audit entries are never changed or deleted.
      `CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'the audit trail is append-only';
        END
      $$`,
      `CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_is_append_only()`,
      `CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only()`,
      `CREATE TABLE devices (
        device_id text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id),
        last_push_at timestamptz,
        last_pull_at timestamptz,
        PRIMARY KEY (device_id, user_id)
      )`,
      'CREATE INDEX devices_user ON devices (user_id)',
    ],
  },
  {
    version: 3,
    name: 'sync-issues',
    statements: [
      // The push answers that were not applied cleanly (conflict, rejected), for the commune police's
      // review: one row per mutation whose record's village and household were known, written in the
      // push's transaction. `detail` is the answer's conflicts array or its error object; `position`
      // is the mutation's index in its request, so that newest first is well defined within a push.
      `CREATE TABLE sync_issues (
        mutation_id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        position integer NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('conflict', 'rejected')),
        user_id uuid NOT NULL,
        device_id text NOT NULL,
        village_id text NOT NULL,
        household_id uuid NOT NULL,
        entity text NOT NULL,
        entity_id uuid NOT NULL,
        detail jsonb NOT NULL
      )`,
      'CREATE INDEX sync_issues_village_at ON sync_issues (village_id, at DESC)',
    ],
  },
  {
    version: 4,
    name: 'record-departures',
    statements: [
      // A record that left a village (its household moved, or it was attached to a household of
      // another village): the old village's phones pull it as a tombstone ("left your area"). `seq`
      // comes from record_seq, taken under the records lock after the records' own new seqs, so one
      // number orders records and departures in a pull.
      `CREATE TABLE record_departures (
        record_id uuid NOT NULL,
        entity text NOT NULL,
        old_village_id text NOT NULL,
        version integer NOT NULL,
        seq bigint NOT NULL UNIQUE
      )`,
      'CREATE INDEX record_departures_pull ON record_departures (old_village_id, seq)',
      // A pull sends only a record's latest departure after the cursor: found through this one.
      'CREATE INDEX record_departures_record ON record_departures (record_id, seq)',
    ],
  },
  {
    version: 5,
    name: 'mutation-ids-per-user',
    statements: [
      // Exactly once per user (SYNC-API.md [P6], [P7], [RV8]): a mutation id is remembered for the user
      // who sent it; another user's mutation with the same id is that user's own, answered on its own merits.
      // The answers and the review's issues are keyed (user_id, mutation id) instead of the id alone.
      // Every row keeps its user_id (ids were unique, so they stay unique per user); nothing is dropped
      // but the old keys. The audit trail was never keyed by mutation id (each row names its user).
      // The new key leads with user_id: push.ts looks up one user's ids in one statement.
      `ALTER TABLE mutations DROP CONSTRAINT mutations_pkey,
        ADD CONSTRAINT mutations_pkey PRIMARY KEY (user_id, id)`,
      `ALTER TABLE sync_issues DROP CONSTRAINT sync_issues_pkey,
        ADD CONSTRAINT sync_issues_pkey PRIMARY KEY (user_id, mutation_id)`,
    ],
  },
  {
    version: 6,
    name: 'commune-management',
    statements: [
      // A village can be archived (it stays, with its records, but takes no new volunteer); a user can
      // be deactivated (no login, no set-up code; their phones are revoked). Nothing is ever deleted.
      'ALTER TABLE areas ADD COLUMN archived_at timestamptz',
      'ALTER TABLE users ADD COLUMN deactivated_at timestamptz',
      // What the commune's managers did (SYNC-API.md [M12]): append-only like the records' audit.
      `CREATE TABLE manage_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id uuid NOT NULL,
        device_id text NOT NULL,
        commune_id text,
        action text NOT NULL,
        target_user_id uuid,
        target_area_id text,
        target_device_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`,
      'CREATE INDEX manage_audit_commune ON manage_audit (commune_id, id DESC)',
      `CREATE TRIGGER manage_audit_no_change BEFORE UPDATE OR DELETE ON manage_audit
        FOR EACH ROW EXECUTE FUNCTION audit_is_append_only()`,
      `CREATE TRIGGER manage_audit_no_truncate BEFORE TRUNCATE ON manage_audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only()`,
      // One-time set-up codes ([M20]): only the SHA-256 of the code, as for tokens.
      `CREATE TABLE setup_codes (
        hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_device text,
        cancelled_at timestamptz
      )`,
      'CREATE INDEX setup_codes_user ON setup_codes (user_id)',
      // What each phone last reported ([D6]) and its revocation ([D8]–[D11]).
      `ALTER TABLE devices ADD COLUMN build integer, ADD COLUMN pending integer,
        ADD COLUMN storage_bytes bigint, ADD COLUMN reported_at timestamptz,
        ADD COLUMN revoke_requested_at timestamptz, ADD COLUMN revoke_requested_by uuid,
        ADD COLUMN revoked_at timestamptz`,
    ],
  },
  {
    version: 7,
    name: 'import-lookups',
    statements: [
      // A household list's import (SYNC-API.md [M43]–[M45]) looks up, for each batch of up to 500
      // households, the live persons holding its ID numbers anywhere on the server (ID numbers are
      // national), and the village's persons born on its birth dates: index scans, not a read of every
      // person of the province (or of the village's heap) per batch.
      `CREATE INDEX records_person_id_number ON records ((data ->> 'idNumber'))
        WHERE entity = 'person' AND NOT deleted`,
      // Birth date first and no predicate, on purpose: no other statement filters on birth_date, so
      // no other plan can take this index. PGlite keeps no statistics (no autovacuum), and a second
      // partial index on live persons, or one led by village_id, would be taken by plans that never
      // needed it: the ID numbers' above (reading all of it), the tallies'.
      'CREATE INDEX records_birth_village ON records (birth_date, village_id)',
    ],
  },
  {
    version: 8,
    name: 'recovery-keys',
    statements: [
      // [A23] The account's recovery key for its phones' encrypted notebooks (issue 16): 32 random
      // bytes as base64url, made at the first request and never changed afterwards (a phone offline
      // at a change could not recover its notebook).
      'ALTER TABLE users ADD COLUMN recovery_key text',
    ],
  },
  {
    version: 9,
    name: 'commune-lock',
    statements: [
      // [M26] How long a commune's phones stay open unused before the notebook locks itself (issue
      // 16), in minutes; NULL: the default (5).
      'ALTER TABLE areas ADD COLUMN lock_minutes smallint',
    ],
  },
  {
    version: 10,
    name: 'campaigns',
    statements: [
      // [C1] A campaign (rà soát, issue 17): a rule over the records of some villages, with a deadline.
      // `village_ids` keeps the order given (the progress's order, [C7]) and is a text[] so that "the
      // campaigns covering these villages" ([C4], [C5]) is one overlap test.
      `CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        commune_id text NOT NULL,
        name text NOT NULL,
        village_ids text[] NOT NULL,
        starts_on text NOT NULL,
        due_on text NOT NULL,
        rule jsonb NOT NULL,
        target_percent integer,
        status text NOT NULL CHECK (status IN ('active', 'closed')),
        created_at timestamptz NOT NULL,
        created_by uuid NOT NULL,
        closed_at timestamptz,
        version integer NOT NULL
      )`,
      'CREATE INDEX campaigns_commune ON campaigns (commune_id)',
      // [C5] Every phone asks for the active campaigns of its villages at each refresh.
      "CREATE INDEX campaigns_active_villages ON campaigns USING gin (village_ids) WHERE status = 'active'",
      // [C7] The records a campaign's rule has matched at some look, and what became of each: never a
      // copy of the record, only its id, its village and household at the last look, and its state.
      `CREATE TABLE campaign_items (
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        entity text NOT NULL CHECK (entity IN ('household', 'person', 'task')),
        entity_id uuid NOT NULL,
        village_id text NOT NULL,
        household_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'done', 'out_of_reach', 'gone')),
        first_seen_at timestamptz NOT NULL,
        state_since timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, entity_id)
      )`,
    ],
  },
  {
    version: 11,
    name: 'snapshots-and-targets',
    statements: [
      // [G1] A village's tallies as they were at a moment (issue 17): every day at the snapshot time
      // ('daily'), and at a campaign's close ('campaign_close'). Counts only, never a citizen's data;
      // `day` is Vietnam's calendar date of `taken_at`. One column per count of SNAPSHOT_COUNTS
      // (src/domain/trends.ts), spelled here once and for all: a migration never changes.
      `CREATE TABLE tally_snapshots (
        village_id text NOT NULL,
        commune_id text NOT NULL,
        day text NOT NULL,
        taken_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('daily', 'campaign_close')),
        campaign_id uuid,
        households integer NOT NULL,
        households_visited integer NOT NULL,
        persons integer NOT NULL,
        persons14plus integer NOT NULL,
        cccd_issued14plus integer NOT NULL,
        vneid_level2_active14plus integer NOT NULL,
        open_tasks integer NOT NULL,
        tasks_done integer NOT NULL,
        vneid_registered14plus integer NOT NULL,
        CHECK ((reason = 'campaign_close') = (campaign_id IS NOT NULL))
      )`,
      // [G2] Once per village and day, however many processes take it at once (INSERT … ON CONFLICT DO
      // NOTHING against these), and once per village at a campaign's close.
      "CREATE UNIQUE INDEX tally_snapshots_daily ON tally_snapshots (village_id, day) WHERE reason = 'daily'",
      `CREATE UNIQUE INDEX tally_snapshots_campaign ON tally_snapshots (campaign_id, village_id)
        WHERE reason = 'campaign_close'`,
      // [G5] A commune's trend reads its villages' snapshots over a span of days.
      'CREATE INDEX tally_snapshots_commune_day ON tally_snapshots (commune_id, day)',
      // [G2] What was counted stays as it was counted: no update or delete, like the audit trails.
      `CREATE FUNCTION tally_snapshots_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'tally snapshots are never changed';
        END
      $$`,
      `CREATE TRIGGER tally_snapshots_no_change BEFORE UPDATE OR DELETE ON tally_snapshots
        FOR EACH ROW EXECUTE FUNCTION tally_snapshots_are_immutable()`,
      // [G4] One target per area (a commune or a village) and measure ([G3]), in percent.
      `CREATE TABLE targets (
        area_id text NOT NULL,
        commune_id text NOT NULL,
        measure text NOT NULL,
        percent numeric NOT NULL CHECK (percent > 0 AND percent <= 100),
        due_on text,
        set_at timestamptz NOT NULL,
        set_by uuid NOT NULL,
        PRIMARY KEY (area_id, measure)
      )`,
      'CREATE INDEX targets_commune ON targets (commune_id)',
    ],
  },
  {
    version: 12,
    name: 'provinces',
    statements: [
      // [A1] A province (tỉnh, thành phố) above communes: the two-level local government since 7/2025.
      'ALTER TABLE areas DROP CONSTRAINT areas_kind_check',
      "ALTER TABLE areas ADD CONSTRAINT areas_kind_check CHECK (kind IN ('province', 'commune', 'village'))",
    ],
  },
  {
    version: 13,
    name: 'village-tallies',
    // [T8] Each village's tallies as counters kept by the records' triggers (see the file).
    statements: VILLAGE_TALLIES_STATEMENTS,
  },
];

export interface MigrationReport {
  applied: string[];
}

/** [S7] Brings the store's schema up to date. Safe to call from several processes at once. */
export async function migrate(
  store: Store,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  return store.transaction(async (tx) => {
    await lockForTransaction(tx, store.schema, LOCK_MIGRATE);
    // Under the lock: a second process waits here, then finds the work done.
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${store.schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) =>
        Number(r.version),
      ),
    );
    const applied: string[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const sql of m.statements) await tx.query(sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(`${m.version}-${m.name}`);
    }
    return { applied };
  });
}
