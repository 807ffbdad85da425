// Restriction review, one record at a time: find_lapsed() lists the restrictions
// whose `until` has passed with what a reviewer needs (grounds, reason, the
// decisions on the record); a reviewer opens the chosen ones (open_restrictions)
// or keeps one with a new review date (keep_restriction), or changes its class
// (change_restriction: restricted ↔ review ↔ closed, grounds). Each is a judgement
// (archive/catalog/access_judgements.h) kept in access_history and the audit trail; a
// record held by a decision is never opened before that decision's review date.
// Besides, apply_decision_changes() carries out what notified 全部利用 decisions
// opened. The caller then re-indexes the affected fonds (indexer::update_indexes).
// Each runs in its own transaction, or inside the caller's when one is open on the
// catalog's connection (indexer/restriction_reviews.h commits it once both indexes
// follow); an exception then leaves the caller's transaction to roll back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/access_judgements.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record.h"
#include "archive/dates/date.h"
#include "archive/dates/timestamp.h"
#include "archive/requests/use_request.h"
#include "archive/staff/audit.h"

namespace monjo::archive {

struct LapsedRestriction {
  std::string id;
  std::string root_id;  // the fonds, for re-indexing
  Level level = Level::Item;
  std::string title;
  std::string call_number;  // citable_number()
  AccessStatus status = AccessStatus::Restricted;
  std::vector<std::string> grounds;
  std::string until;                        // ISO review date (passed, when due)
  std::string reason;                       // staff only
  std::vector<DecisionOnRecord> decisions;  // notified decisions on the record, oldest first
  std::optional<Hold> hold;                 // the judgement holding the record, if any
};

// Records whose stated access is restricted, review or closed with `until` before
// `as_of`, in until-then-id order. Inherited restrictions are listed once, on the
// record that states them. With `as_of` after today (a review planned ahead), the
// ones not due yet are listed too; `until < today` says which are due.
std::vector<LapsedRestriction> find_lapsed(Catalog& catalog, const Ymd& as_of);

// One page of that listing, with the counts of the whole: `total` listed, `due`
// of them before `today`. limit < 0: all from `offset`.
struct LapsedPage {
  std::vector<LapsedRestriction> rows;
  long total = 0;
  long due = 0;
};
LapsedPage find_lapsed_page(Catalog& catalog, const Ymd& as_of, const Ymd& today, long offset, long limit);

struct ReviewOutcome {
  long lifted = 0;                    // opened: lapsed restrictions, and 全部利用 decisions
  long restricted = 0;                // 要審査 / closed made restricted by 一部利用 decisions
  long resolved = 0;                  // decision changes marked resolved (changed or not)
  std::vector<std::string> root_ids;  // fonds to re-index, each once
  uint64_t generation_before = 0;     // for indexer::update_indexes
};

// Opens each record in `ids` (explicitly, so an ancestor's restriction does not
// take over) in one transaction that also bumps the catalog generation once, with
// the reviewer's reason in access_history and one `catalog.review` audit entry per
// record. All or nothing: a record that a judgement holds until after `as_of`, or
// that is not lapsed as of `as_of`, refuses the whole review (Conflict naming it,
// the hold first); `as_of` may not lie after today. The reason is required.
ReviewOutcome open_restrictions(Catalog& catalog, AuditTrail& audit, const std::vector<std::string>& ids,
                                const Ymd& as_of, const std::string& reason, const Actor& actor,
                                TimePoint now = now_seconds());

// Keeps a record withheld after review: its stated access becomes `access` (not
// open; `until`, the next review date, after today) and the judgement holds it until
// then. Audited as `catalog.review`.
ReviewOutcome keep_restriction(Catalog& catalog, AuditTrail& audit, const std::string& id, const Access& access,
                               const std::string& reason, const Actor& actor, TimePoint now = now_seconds());

// Changes the class of a record's stated restriction after review: `access.status`
// (restricted, review or closed) and `access.grounds` (empty: the record's own are
// kept), with `until`, the next review date, after today; the judgement holds it
// until then, as keep_restriction does. Refused (InputError) when the record states
// no restriction, when neither the status nor the grounds change (that is a keep),
// or for what keep_restriction refuses. Audited as `catalog.review` ("changed
// restricted → closed …").
ReviewOutcome change_restriction(Catalog& catalog, AuditTrail& audit, const std::string& id, const Access& access,
                                 const std::string& reason, const Actor& actor, TimePoint now = now_seconds());

// A catalog change a notified decision calls for: the decided item was used in full
// or in part while the catalog still withheld it (restricted, review or closed).
struct DecisionChange {
  long long id = 0;
  std::string record_id;
  std::string root_id;  // the fonds, for re-indexing (empty when the record is gone)
  std::string title;
  std::string call_number;  // citable_number()
  bool missing = false;                        // the record is no longer in the catalog
  AccessStatus status = AccessStatus::Closed;  // the effective status now
  std::string receipt;                         // R2026-000123
  Decision decision = Decision::FullUse;       // FullUse or PartialUse
  std::vector<std::string> grounds;
  std::string reason;        // staff only
  std::string review_after;  // ISO or empty
  std::string decided_on;    // ISO
};

// Pending changes (not yet resolved), oldest decision first.
std::vector<DecisionChange> find_decision_changes(Catalog& catalog);
// "opened by decision R2026-000123 on 2026-11-25: 全部利用", "made restricted by
// decision … : 一部利用 (personal) until 2044-04-01", for listings.
std::string describe_decision_change(const DecisionChange& change);

// Applies each change in one transaction (with the catalog generation bumped once):
// 全部利用 → the record's stated access becomes open (descendants that state their
// own restriction keep it), unless a later judgement holds it again. (一部利用 and
// 利用させない are applied when they are notified; rows of them from before are
// resolved as they stand.) Every change is then resolved (resolved_at, resolved_by,
// outcome) and leaves a `catalog.decision` audit entry. A change whose record has
// gone or is already open is resolved without touching the catalog; a change
// resolved since `find_decision_changes` is skipped.
ReviewOutcome apply_decision_changes(Catalog& catalog, AuditTrail& audit, const std::vector<DecisionChange>& changes,
                                     const Actor& actor, TimePoint now = now_seconds());

}  // namespace monjo::archive
