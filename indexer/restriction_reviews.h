// The restriction review as the staff pages apply it: each store function of
// archive/requests/review.h (open, keep, change, the decisions' catalog changes)
// runs inside one catalog transaction that commits only once both indexes have
// followed (update_indexes' commit callback), all under the data directory's one
// write lock — so the public index changes in the same step, and `monjo import`
// and `monjo review` wait for it and it waits for them. A refusal (InputError,
// Conflict, NotFound from the store) changes nothing.
#pragma once

#include <string>
#include <vector>

#include "archive/catalog/record.h"
#include "archive/dates/timestamp.h"
#include "archive/requests/review.h"
#include "archive/staff/roles.h"

namespace monjo::indexer {

// open_restrictions as of today (in Japan).
archive::ReviewOutcome open_reviewed(const std::string& data_dir, const std::vector<std::string>& ids,
                                     const std::string& reason, const archive::Actor& actor,
                                     archive::TimePoint now = archive::now_seconds());
archive::ReviewOutcome keep_reviewed(const std::string& data_dir, const std::string& id, const archive::Access& access,
                                     const std::string& reason, const archive::Actor& actor,
                                     archive::TimePoint now = archive::now_seconds());
archive::ReviewOutcome change_reviewed(const std::string& data_dir, const std::string& id,
                                       const archive::Access& access, const std::string& reason,
                                       const archive::Actor& actor, archive::TimePoint now = archive::now_seconds());
// apply_decision_changes for the pending changes with these ids (the others, and
// ids no longer pending, are left).
archive::ReviewOutcome apply_decisions_reviewed(const std::string& data_dir, const std::vector<long long>& change_ids,
                                                const archive::Actor& actor,
                                                archive::TimePoint now = archive::now_seconds());

}  // namespace monjo::indexer
