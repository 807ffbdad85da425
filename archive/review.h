// Restriction review (DESIGN §7, §8 `monjo review`): finds records whose own access
// restriction has an `until` date that has passed, and lifts them. A lifted record
// becomes open; the old status, grounds, date and reason stay in access_history.
// The caller then re-indexes the affected fonds (indexer::update_indexes), which
// moves the records' descriptions and names into the public index.
#pragma once

#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/japanese_date.h"
#include "archive/record.h"

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
  long lifted = 0;
  std::vector<std::string> root_ids;  // fonds to re-index, each once
  uint64_t generation_before = 0;     // for indexer::update_indexes
};

// Opens each record in `lapsed` (explicitly, so an ancestor's restriction does not
// take over) in one transaction that also bumps the catalog generation once.
// Records that changed since `find_lapsed` (no longer lapsed) are skipped.
ReviewOutcome apply_review(Catalog& catalog, const std::vector<LapsedRestriction>& lapsed, const Ymd& as_of,
                           const std::string& actor);

}  // namespace monjo::archive
