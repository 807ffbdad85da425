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

-- migration 3: audit trail, append-only and hash-chained (archive/staff/audit.h)
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

-- migration 4: staff accounts, sessions and login attempts (archive/staff/users.h)
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

-- migration 5: use requests, their items, events, corrections (archive/requests/request_store.h)
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

-- migration 6: catalog changes called for by use-request decisions (archive/requests/review.h)
-- Restrictions are judged at each decision (docs/requests.md, "Decisions and the catalog"): when a decision is notified,
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

-- migration 7: access judgements and the holds they place (archive/catalog/access_judgements.h)
-- Every judgement of a record's access — a notified use-request decision, a
-- reviewer's decision to open or to keep a restriction — is a row here, in order.
-- The latest judgement of a record is in force: when it withholds (一部利用 →
-- restricted, 利用させない → closed, a review that keeps the restriction) it places
-- a hold (access_holds), and no write to the catalog may open the record, or shorten
-- its restriction, before the hold's review date; only a later judgement (a review
-- on or after that date, a later 全部利用) takes the hold away. The triggers below
-- refuse any write that would break a hold, whichever code path makes it.
CREATE TABLE access_judgements (
  id          INTEGER PRIMARY KEY,
  record_id   TEXT NOT NULL,               -- no foreign key: a judgement outlives a re-import
  source      TEXT NOT NULL CHECK (source IN ('decision', 'review', 'migration')),
  ref         TEXT,                        -- the receipt of a decision
  outcome     TEXT NOT NULL CHECK (outcome IN ('open', 'restricted', 'review', 'closed')),
  grounds     TEXT,                        -- space-separated ground codes
  reason      TEXT,                        -- staff only
  review_on   TEXT,                        -- first day the restriction may be reviewed (withholding outcomes)
  decided_on  TEXT NOT NULL,               -- the day of the judgement in Japan, ISO
  actor       TEXT NOT NULL,
  created_at  TEXT NOT NULL                -- UTC
);
CREATE INDEX access_judgements_record ON access_judgements(record_id, id);

-- One row per record whose latest judgement withholds it.
CREATE TABLE access_holds (
  record_id    TEXT PRIMARY KEY,
  judgement_id INTEGER NOT NULL REFERENCES access_judgements(id),
  review_on    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER records_hold_insert BEFORE INSERT ON records
WHEN NEW.access_status IS NULL OR NEW.access_status = 'open' OR NEW.access_until IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'access hold: a judgement withholds this record until its review date')
  WHERE EXISTS (SELECT 1 FROM access_holds h WHERE h.record_id = NEW.id
                AND (NEW.access_status IS NULL OR NEW.access_status = 'open' OR NEW.access_until < h.review_on))
     OR (NEW.access_status = 'open' AND EXISTS (SELECT 1 FROM access_holds h WHERE h.record_id = NEW.parent_id));
END;

CREATE TRIGGER records_hold_update BEFORE UPDATE OF access_status, access_until ON records
WHEN NEW.access_status IS NULL OR NEW.access_status = 'open' OR NEW.access_until IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'access hold: a judgement withholds this record until its review date')
  WHERE EXISTS (SELECT 1 FROM access_holds h WHERE h.record_id = NEW.id
                AND (NEW.access_status IS NULL OR NEW.access_status = 'open' OR NEW.access_until < h.review_on))
     OR (NEW.access_status = 'open' AND EXISTS (SELECT 1 FROM access_holds h WHERE h.record_id = NEW.parent_id));
END;

-- Whether an item decision's review date was set by hand (kept at approval) or
-- computed (recomputed from the day of the decision when it is approved).
ALTER TABLE request_items ADD COLUMN review_explicit INTEGER NOT NULL DEFAULT 0;

-- Decisions notified before this migration: their review dates were counted from
-- the record's creation alone and could lie in the past. Each withholding decision's
-- review date becomes the later of that date and the day of the decision plus the
-- default re-review interval (5 years, to 1 January after: docs/ordinance.md).
UPDATE request_items SET review_after = max(
    coalesce(review_after, ''),
    printf('%04d-01-01', CAST(substr((SELECT coalesce(r.decided_on, r.notified_on) FROM requests r
                                      WHERE r.receipt = request_items.receipt), 1, 4) AS INTEGER) + 6))
WHERE decision IN ('partial', 'none')
  AND receipt IN (SELECT receipt FROM requests WHERE notified_on IS NOT NULL);

-- The latest notified decision of each record becomes its judgement.
INSERT INTO access_judgements(record_id, source, ref, outcome, grounds, reason, review_on, decided_on, actor,
                              created_at)
SELECT i.record_id, 'migration', i.receipt,
       CASE i.decision WHEN 'full' THEN 'open' WHEN 'partial' THEN 'restricted' ELSE 'closed' END,
       i.grounds, i.reason, CASE WHEN i.decision = 'full' THEN NULL ELSE i.review_after END,
       coalesce(r.decided_on, r.notified_on), 'migration 7', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM request_items i JOIN requests r ON r.receipt = i.receipt
WHERE r.notified_on IS NOT NULL AND i.decision IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM request_items i2 JOIN requests r2 ON r2.receipt = i2.receipt
                  WHERE i2.record_id = i.record_id AND r2.notified_on IS NOT NULL AND i2.decision IS NOT NULL
                    AND (r2.notified_on > r.notified_on OR (r2.notified_on = r.notified_on AND i2.receipt > i.receipt)))
ORDER BY coalesce(r.decided_on, r.notified_on), i.receipt;

INSERT INTO access_history (record_id, actor, old_status, old_grounds, old_until, old_reason, new_status, note)
SELECT rec.id, 'migration 7', rec.access_status, rec.access_grounds, rec.access_until, rec.access_reason, j.outcome,
       'withheld again by decision ' || j.ref || ' until ' || j.review_on
FROM access_judgements j JOIN records rec ON rec.id = j.record_id
WHERE j.source = 'migration' AND j.outcome <> 'open';

UPDATE records SET
  access_status = (SELECT j.outcome FROM access_judgements j WHERE j.record_id = records.id AND j.source = 'migration'),
  access_grounds = (SELECT j.grounds FROM access_judgements j WHERE j.record_id = records.id AND j.source = 'migration'),
  access_until = (SELECT j.review_on FROM access_judgements j WHERE j.record_id = records.id AND j.source = 'migration'),
  access_reason = (SELECT j.reason FROM access_judgements j WHERE j.record_id = records.id AND j.source = 'migration'),
  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE id IN (SELECT record_id FROM access_judgements WHERE source = 'migration' AND outcome <> 'open');

INSERT INTO access_holds(record_id, judgement_id, review_on)
SELECT record_id, id, review_on FROM access_judgements WHERE source = 'migration' AND outcome <> 'open';

-- A withholding decision is applied when it is notified now; the pending rows
-- that older 一部利用 decisions left for `monjo review` are done.
UPDATE decision_changes SET resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), resolved_by = 'migration 7',
  outcome = 'restricted'
WHERE resolved_at IS NULL AND decision = 'partial';

UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
WHERE key = 'generation' AND EXISTS (SELECT 1 FROM access_judgements WHERE source = 'migration' AND outcome <> 'open');

-- migration 8: throttled login attempts, counted per account and address per interval (archive/staff/users.h)
-- One row per (interval, account, address) while the interval runs; when it is over the
-- row becomes one `login.throttled` audit entry with the count, and goes.
CREATE TABLE login_throttled (
  window_start TEXT NOT NULL,
  name         TEXT NOT NULL,
  ip           TEXT NOT NULL,
  attempts     INTEGER NOT NULL,
  first_at     TEXT NOT NULL,
  last_at      TEXT NOT NULL,
  until        TEXT NOT NULL,
  PRIMARY KEY (window_start, name, ip)
) WITHOUT ROWID;

-- migration 9: record versions, the history of edits made on the staff pages (archive/catalog/record_versions.h)
-- Version 1 of a record is the record as it stood before its first edit; each save,
-- restore, move or import that changes an edited record adds the next. `snapshot`
-- is the whole record after the change (JSON), `changes` its field-level before and
-- after, `fingerprint` the BLAKE2b of the snapshot: a form carries the fingerprint
-- of what it showed, and a save over a record that has moved on is refused.
CREATE TABLE record_versions (
  record_id   TEXT NOT NULL,
  version     INTEGER NOT NULL,
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('original', 'edit', 'restore', 'create', 'move', 'import', 'delete')),
  changes     TEXT NOT NULL,
  snapshot    TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (record_id, version)
) WITHOUT ROWID;
CREATE INDEX record_versions_fingerprint ON record_versions(record_id, fingerprint);
CREATE TRIGGER record_versions_append_only_update BEFORE UPDATE ON record_versions
BEGIN SELECT RAISE(ABORT, 'record versions are append-only'); END;
CREATE TRIGGER record_versions_append_only_delete BEFORE DELETE ON record_versions
BEGIN SELECT RAISE(ABORT, 'record versions are append-only'); END;

-- migration 10: reading-room bookings after a decision grants viewing (archive/requests/reading_room.h)
-- One row per booking of a seat in a slot of a day; a cancellation keeps the row with
-- cancelled_at set. The seats of a slot are monjo.conf's ([reading_room] seats): the
-- store counts and inserts in one write transaction, so a slot is never overbooked.
CREATE TABLE reading_bookings (
  id           INTEGER PRIMARY KEY,
  receipt      TEXT NOT NULL REFERENCES requests(receipt) ON DELETE CASCADE,
  day          TEXT NOT NULL,             -- the day in Japan, ISO
  slot         TEXT NOT NULL,             -- the slot's start, HHMM (archive::ReadingSlot::code)
  booked_at    TEXT NOT NULL,             -- UTC
  cancelled_at TEXT                       -- UTC; NULL while the booking stands
);
CREATE INDEX reading_bookings_day ON reading_bookings(day, slot) WHERE cancelled_at IS NULL;
CREATE INDEX reading_bookings_receipt ON reading_bookings(receipt, day);
-- migration 11: mail to requesters (archive/requests/request_mail.h, docs/requests.md "Mail")
-- The language a request was made in (its mail is written in it), and the outbox:
-- a message is queued in the transaction of the change it tells of and sent by
-- `monjo serve` after the commit, so a mail server that is down delays the mail and
-- never the request. A sent message's row is deleted (its body may hold a status link,
-- its recipient is personal data); one given up on keeps only its kind and receipt.
ALTER TABLE requests ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'));
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  receipt         TEXT REFERENCES requests(receipt) ON DELETE CASCADE,
  kind            TEXT NOT NULL,      -- receipt, renew_link, correction, extension, decision, reject
  recipient       TEXT,               -- NULL once given up on
  subject         TEXT,
  body            TEXT,
  created_at      TEXT NOT NULL,      -- UTC
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,      -- UTC
  last_error      TEXT,
  given_up_at     TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE given_up_at IS NULL;
-- The purge of a requester's data (`monjo purge`) takes their queued mail with it.
CREATE TRIGGER mail_outbox_purge AFTER UPDATE OF purged_at ON requests WHEN NEW.purged_at IS NOT NULL
BEGIN DELETE FROM mail_outbox WHERE receipt = NEW.receipt; END;
-- migration 12: requests about oneself (本人利用, archive/requests/self_requests.h)
-- `self_relation` is what the requester declared at intake (NULL: not a request about
-- oneself): self, legal_representative or heir. An identity check records the TYPES of
-- the documents the officer saw, who checked and when — never a copy or a number of
-- a document. The latest row of a request is its check. `self_grounds` on an item is
-- the 本人 grant: the grounds lifted for this requester alone (only 'personal'); the
-- item's decision, and so the record's judgement, stays what it is for anyone.
ALTER TABLE requests ADD COLUMN self_relation TEXT
  CHECK (self_relation IS NULL OR self_relation IN ('self', 'legal_representative', 'heir'));
ALTER TABLE request_items ADD COLUMN self_grounds TEXT CHECK (self_grounds IS NULL OR self_grounds = 'personal');
CREATE TABLE request_identity_checks (
  id                INTEGER PRIMARY KEY,
  receipt           TEXT NOT NULL REFERENCES requests(receipt) ON DELETE CASCADE,
  identity_document TEXT NOT NULL,
  relation_document TEXT,
  checked_by        TEXT NOT NULL,
  checked_at        TEXT NOT NULL,        -- UTC
  checked_on        TEXT NOT NULL         -- the day in Japan
);
CREATE INDEX request_identity_checks_receipt ON request_identity_checks(receipt, id);
-- migration 13: selection and accession (選別・移管・受入, archive/selection/selection.h, docs/selection.md)
-- A batch is one department's retention-expiry list (保存期間満了) of one 年度, its rows
-- as the list gave them. A row's decision (移管 transfer, 廃棄 destroy, 保留 undecided)
-- is its latest row in selection_decisions, which is append-only: a change is a new
-- decision, a correction after approval one with `corrects` and a reason. An approval
-- covers every decision of its batch up to `last_decision` and is made by someone who
-- drafted none of them; a row's decision in force is its latest one so covered.
CREATE TABLE selection_batches (
  id          INTEGER PRIMARY KEY,
  fiscal_year INTEGER NOT NULL,          -- the 年度 whose expiries the list gives (西暦)
  department  TEXT NOT NULL,
  source_file TEXT NOT NULL,             -- the file's name as imported
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL              -- UTC
);
CREATE TABLE selection_rows (
  batch_id     INTEGER NOT NULL REFERENCES selection_batches(id),
  position     INTEGER NOT NULL,         -- 1-based, in the order of the list
  source_row   INTEGER NOT NULL,         -- the row (CSV line, sheet row) it came from
  department   TEXT NOT NULL,
  title        TEXT NOT NULL,
  created_year TEXT NOT NULL,            -- 作成年度 as written
  retention    TEXT NOT NULL,            -- 保存期間 as written
  expiry_year  INTEGER NOT NULL,         -- 満了年度 (西暦 年度)
  file_number  TEXT NOT NULL DEFAULT '',
  quantity     INTEGER NOT NULL DEFAULT 1,
  notes        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;
CREATE TABLE selection_decisions (
  id         INTEGER PRIMARY KEY,
  batch_id   INTEGER NOT NULL REFERENCES selection_batches(id),
  position   INTEGER NOT NULL,
  outcome    TEXT NOT NULL CHECK (outcome IN ('transfer', 'destroy', 'undecided')),
  criterion  TEXT NOT NULL DEFAULT '',   -- a code of the criteria table (archive/selection/selection.h)
  note       TEXT NOT NULL DEFAULT '',
  corrects   INTEGER REFERENCES selection_decisions(id),  -- the approved decision it corrects
  reason     TEXT NOT NULL DEFAULT '',   -- why a correction was made
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL               -- UTC
);
CREATE INDEX selection_decisions_row ON selection_decisions(batch_id, position, id);
CREATE TRIGGER selection_decisions_append_only_update BEFORE UPDATE ON selection_decisions
BEGIN SELECT RAISE(ABORT, 'selection decisions are append-only'); END;
CREATE TRIGGER selection_decisions_append_only_delete BEFORE DELETE ON selection_decisions
BEGIN SELECT RAISE(ABORT, 'selection decisions are append-only'); END;
CREATE TABLE selection_approvals (
  id            INTEGER PRIMARY KEY,
  batch_id      INTEGER NOT NULL REFERENCES selection_batches(id),
  last_decision INTEGER NOT NULL,
  approved_by   TEXT NOT NULL,
  approved_role TEXT NOT NULL,
  approved_at   TEXT NOT NULL,           -- UTC
  comment       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX selection_approvals_batch ON selection_approvals(batch_id, id);
CREATE TRIGGER selection_approvals_append_only_update BEFORE UPDATE ON selection_approvals
BEGIN SELECT RAISE(ABORT, 'selection approvals are append-only'); END;
CREATE TRIGGER selection_approvals_append_only_delete BEFORE DELETE ON selection_approvals
BEGIN SELECT RAISE(ABORT, 'selection approvals are append-only'); END;
-- An accession (受入) of a batch's transferred rows: what arrived, where it was placed.
-- Each transferred row is an item: arrived (with the volume made of it), or missing;
-- an extra item that arrived without being on the list has no row (position NULL).
-- The volumes start 要審査 and stay out of the public index while their own access is
-- still that (indexer/index_writer.cc): an archivist opens them after examination.
CREATE TABLE accessions (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL UNIQUE REFERENCES selection_batches(id),
  parent_id   TEXT NOT NULL,             -- the fonds or series the volumes went under
  location    TEXT NOT NULL DEFAULT '',
  received_by TEXT NOT NULL,
  received_at TEXT NOT NULL,             -- UTC
  received_on TEXT NOT NULL              -- the day in Japan
);
CREATE TABLE accession_items (
  accession_id INTEGER NOT NULL REFERENCES accessions(id),
  seq          INTEGER NOT NULL,
  position     INTEGER,                  -- the batch row; NULL for an extra item
  status       TEXT NOT NULL CHECK (status IN ('arrived', 'missing', 'extra')),
  title        TEXT NOT NULL,
  record_id    TEXT,                     -- the volume made of it (arrived items)
  PRIMARY KEY (accession_id, seq)
) WITHOUT ROWID;
CREATE INDEX accession_items_record ON accession_items(record_id) WHERE record_id IS NOT NULL;
