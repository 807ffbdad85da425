-- monjo catalog schema (SQLite). The source of truth for everything in --data DIR
-- except the search indexes, which `monjo reindex` rebuilds from it.
--
-- Migrations: each section starts with a line "-- migration N: what it does".
-- A database's PRAGMA user_version is the last migration applied; opening a
-- catalog applies every later section in order, each in its own transaction.
-- Never edit a section that has shipped: append a new one.

-- migration 1: records, names, preservation events, metadata
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE records (
  id            TEXT PRIMARY KEY,
  level         TEXT NOT NULL CHECK (level IN ('fonds', 'series', 'volume', 'item')),
  parent_id     TEXT REFERENCES records(id) ON DELETE CASCADE,
  root_id       TEXT NOT NULL,            -- the fonds this record belongs to
  position      INTEGER NOT NULL,         -- order among siblings
  seq           INTEGER,
  call_number   TEXT UNIQUE,
  title         TEXT NOT NULL,
  public_title  TEXT,
  creator       TEXT,
  date_text     TEXT,
  date_normal   TEXT,
  date_start    TEXT,                     -- ISO, from the parse or @normal
  date_end      TEXT,
  department    TEXT,
  history       TEXT,
  scope         TEXT,
  description   TEXT,
  retention     TEXT,
  extent        TEXT,
  extent_pages  INTEGER,
  pages_from    INTEGER,
  pages_to      INTEGER,
  location      TEXT,
  condition     TEXT,
  note          TEXT,
  access_status TEXT CHECK (access_status IN ('open', 'restricted', 'review', 'closed')),
  access_grounds TEXT,                    -- space-separated
  access_until  TEXT,
  access_reason TEXT,
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;
CREATE INDEX records_parent ON records(parent_id, position);
CREATE INDEX records_root ON records(root_id);
CREATE INDEX records_until ON records(access_until) WHERE access_until IS NOT NULL;

CREATE TABLE names (
  record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  type      TEXT NOT NULL CHECK (type IN ('person', 'org', 'place')),
  text      TEXT NOT NULL,
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

CREATE TABLE preservation_events (
  record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  type      TEXT NOT NULL,
  date      TEXT,
  text      TEXT,
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

INSERT INTO meta(key, value) VALUES ('generation', '0');

-- migration 2: history of access changes (review, decisions), kept when a restriction lapses
CREATE TABLE access_history (
  id          INTEGER PRIMARY KEY,
  record_id   TEXT NOT NULL,              -- no foreign key: history outlives a re-import
  changed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  actor       TEXT NOT NULL,
  old_status  TEXT,
  old_grounds TEXT,
  old_until   TEXT,
  old_reason  TEXT,
  new_status  TEXT,
  note        TEXT
);
CREATE INDEX access_history_record ON access_history(record_id);

-- migration 3: audit trail, append-only and hash-chained (archive/audit.h)
-- Each row holds the BLAKE2b hash of its own fields and of the previous row's hash;
-- the triggers refuse changes through SQL, the chain reveals changes made around them.
CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,              -- UTC, 2026-04-01T09:30:00Z
  actor     TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_action ON audit(action);
CREATE INDEX audit_target ON audit(target);
CREATE INDEX audit_actor ON audit(actor);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused');
END;

-- migration 4: staff accounts, sessions and login attempts (archive/users.h)
CREATE TABLE users (
  name                TEXT PRIMARY KEY,
  role                TEXT NOT NULL CHECK (role IN ('archivist', 'officer', 'supervisor', 'admin')),
  password_hash       TEXT NOT NULL,    -- libsodium crypto_pwhash_str (argon2id)
  active              INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Only a hash of the session token is stored, so a copy of the database opens no session.
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  user       TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL,
  expires_at TEXT NOT NULL,             -- the absolute timeout
  csrf_token TEXT NOT NULL,
  ip         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user);

CREATE TABLE login_attempts (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  name    TEXT NOT NULL,
  ip      TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'throttled'))
);
CREATE INDEX login_attempts_name ON login_attempts(name, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);
