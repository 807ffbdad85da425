// Restriction review (DESIGN §7, §8 `monjo review`): finds records whose own access
// restriction has an `until` date that has passed, and lifts them; and applies the
// catalog changes that notified use-request decisions call for (issue 5 §5:
// restrictions are judged at each decision, recorded by archive/request_store.h in
// the decision_changes table). A changed record's old status, grounds, date and
// reason stay in access_history. The caller then re-indexes the affected fonds
// (indexer::update_indexes), which moves opened records' descriptions and names
// into the public index.
#pragma once

#include <string>
#include <vector>

#include "archive/audit.h"
#include "archive/catalog.h"
#include "archive/japanese_date.h"
#include "archive/record.h"
#include "archive/timestamp.h"
#include "archive/use_request.h"

namespace monjo::archive {

struct LapsedRestriction {
  std::string id;
  std::string root_id;  // the fonds, for re-indexing
  Level level = Level::Item;
  std::string title;
  std::string call_number;
  AccessStatus status = AccessStatus::Restricted;
  std::vector<std::string> grounds;
  std::string until;   // ISO date that has passed
  std::string reason;  // staff only
};

// Records whose stated access is restricted, review or closed with `until` before
// `as_of`, in until-then-id order. Inherited restrictions are listed once, on the
// record that states them.
std::vector<LapsedRestriction> find_lapsed(Catalog& catalog, const Ymd& as_of);

struct ReviewOutcome {
  long lifted = 0;                    // opened: lapsed restrictions, and 全部利用 decisions
  long restricted = 0;                // 要審査 / closed made restricted by 一部利用 decisions
  long resolved = 0;                  // decision changes marked resolved (changed or not)
  std::vector<std::string> root_ids;  // fonds to re-index, each once
  uint64_t generation_before = 0;     // for indexer::update_indexes
};

// Opens each record in `lapsed` (explicitly, so an ancestor's restriction does not
// take over) in one transaction that also bumps the catalog generation once.
// Records that changed since `find_lapsed` (no longer lapsed) are skipped.
ReviewOutcome apply_review(Catalog& catalog, const std::vector<LapsedRestriction>& lapsed, const Ymd& as_of,
                           const std::string& actor);

// A catalog change a notified decision calls for: the decided item was used in full
// or in part while the catalog still withheld it (restricted, review or closed).
struct DecisionChange {
  long long id = 0;
  std::string record_id;
  std::string root_id;  // the fonds, for re-indexing (empty when the record is gone)
  std::string title;
  std::string call_number;
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
// own restriction keep it); 一部利用 of a review/closed record → restricted with the
// decision's grounds, `until` = its review-after date and its reason (the withheld
// parts stay withheld, the rest has now been examined); 一部利用 of a restricted
// record keeps it restricted. Every change is then resolved (resolved_at, resolved_by,
// outcome) and leaves a `catalog.decision` audit entry. A change whose record has
// gone or is already open is resolved without touching the catalog; a change
// resolved since `find_decision_changes` is skipped.
ReviewOutcome apply_decision_changes(Catalog& catalog, AuditTrail& audit, const std::vector<DecisionChange>& changes,
                                     const Actor& actor, TimePoint now = now_seconds());

}  // namespace monjo::archive
