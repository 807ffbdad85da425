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

-- migration 5: use requests, their items, events, corrections (archive/request_store.h)
-- Receipt numbers run per 年度: R2026-000123 is the 123rd request received in 2026年度.
CREATE TABLE request_counters (
  fiscal_year INTEGER PRIMARY KEY,
  last        INTEGER NOT NULL
);

CREATE TABLE requests (
  receipt            TEXT PRIMARY KEY,
  token_hash         TEXT NOT NULL,       -- BLAKE2b of the status-link token
  state              TEXT NOT NULL,
  received_at        TEXT NOT NULL,       -- UTC
  received_on        TEXT NOT NULL,       -- the day in Japan (到達日), YYYY-MM-DD
  fiscal_year        INTEGER NOT NULL,
  -- The requester's personal data: NULL once purged (purged_at set).
  requester_name     TEXT,
  requester_address  TEXT,
  requester_phone    TEXT,
  requester_email    TEXT,
  purpose            TEXT,
  purged_at          TEXT,
  use_method         TEXT NOT NULL CHECK (use_method IN ('view', 'copy')),
  medium             TEXT NOT NULL CHECK (medium IN ('paper', 'electronic')),
  assigned_officer   TEXT,
  drafter            TEXT,
  approver           TEXT,
  -- Deadlines as last computed (deadline.h), for sorting the queue.
  deadline_original  TEXT,
  deadline_effective TEXT,
  service_target     TEXT,
  paused_since       TEXT,
  extension_days     INTEGER NOT NULL DEFAULT 0,
  extension_reason   TEXT,
  extension_noticed_on TEXT,
  special_rest_date  TEXT,
  special_reason     TEXT,
  special_noticed_on TEXT,
  decided_on         TEXT,
  notified_on        TEXT,
  third_party_consulted INTEGER NOT NULL DEFAULT 0,
  third_party_objected  INTEGER NOT NULL DEFAULT 0,
  earliest_use       TEXT,
  used_on            TEXT,
  copies             INTEGER NOT NULL DEFAULT 0,
  copy_pages         INTEGER NOT NULL DEFAULT 0,
  fee_yen            INTEGER NOT NULL DEFAULT 0,
  closed_on          TEXT,
  appealed_on        TEXT,
  appeal_in_time     INTEGER,
  ruling             TEXT,
  updated_at         TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX requests_state ON requests(state, deadline_effective);
CREATE INDEX requests_fiscal_year ON requests(fiscal_year);
CREATE INDEX requests_closed ON requests(closed_on) WHERE purged_at IS NULL;

CREATE TABLE request_items (
  receipt         TEXT NOT NULL REFERENCES requests(receipt) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  record_id       TEXT NOT NULL,          -- no foreign key: a request outlives a re-import
  decision        TEXT CHECK (decision IN ('full', 'partial', 'none')),
  grounds         TEXT,                   -- space-separated ground codes
  article         TEXT,
  reason          TEXT,
  redactions      TEXT,                   -- JSON array of {page_from, page_to, what, ground}
  review_category TEXT,
  review_after    TEXT,
  decided_by      TEXT,
  decided_at      TEXT,
  PRIMARY KEY (receipt, position)
) WITHOUT ROWID;
CREATE INDEX request_items_record ON request_items(record_id);

CREATE TABLE request_events (
  id         INTEGER PRIMARY KEY,
  receipt    TEXT NOT NULL REFERENCES requests(receipt) ON DELETE CASCADE,
  from_state TEXT NOT NULL,
  event      TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL,
  at         TEXT NOT NULL,               -- UTC
  on_day     TEXT NOT NULL,               -- the day in Japan
  note       TEXT
);
CREATE INDEX request_events_receipt ON request_events(receipt, id);
CREATE INDEX request_events_event ON request_events(event, on_day);

-- 補正: the decision clock stands still from the day after the request for
-- correction up to and including the day it was completed (deadline.h).
CREATE TABLE request_corrections (
  id           INTEGER PRIMARY KEY,
  receipt      TEXT NOT NULL REFERENCES requests(receipt) ON DELETE CASCADE,
  requested_on TEXT NOT NULL,
  completed_on TEXT,
  what         TEXT
);
CREATE INDEX request_corrections_receipt ON request_corrections(receipt);

-- migration 6: catalog changes called for by use-request decisions (archive/review.h)
-- Restrictions are judged at each decision (issue 5 §5): when a decision is notified,
-- each item used in full or in part that the catalog still withholds leaves a row
-- here, in the notice's transaction; `monjo review --apply` applies it to the catalog
-- (全部利用 → open; 一部利用 of a review/closed record → restricted) and resolves it.
CREATE TABLE decision_changes (
  id           INTEGER PRIMARY KEY,
  record_id    TEXT NOT NULL,             -- no foreign key: a request outlives a re-import
  receipt      TEXT NOT NULL REFERENCES requests(receipt) ON DELETE CASCADE,
  decision     TEXT NOT NULL CHECK (decision IN ('full', 'partial')),
  grounds      TEXT,                      -- space-separated ground codes (一部利用)
  reason       TEXT,                      -- the decision's reason, staff only
  review_after TEXT,                      -- the decision's review-after date, ISO
  decided_on   TEXT NOT NULL,             -- the day of the decision (決裁), ISO
  created_at   TEXT NOT NULL,             -- UTC, when the decision was notified
  resolved_at  TEXT,                      -- UTC; NULL while pending
  resolved_by  TEXT,
  outcome      TEXT                       -- what the review did: opened, restricted, unchanged, missing
);
CREATE INDEX decision_changes_pending ON decision_changes(decided_on, id) WHERE resolved_at IS NULL;
CREATE INDEX decision_changes_receipt ON decision_changes(receipt);
