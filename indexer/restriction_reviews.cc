// See restriction_reviews.h.
#include "indexer/restriction_reviews.h"

#include <algorithm>
#include <functional>

#include "archive/base/sqlite.h"
#include "archive/catalog/catalog.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"

namespace monjo::indexer {

namespace {

using Change = std::function<archive::ReviewOutcome(archive::Catalog&, archive::AuditTrail&)>;

archive::ReviewOutcome apply_indexed(const std::string& data_dir, const Change& change) {
  archive::ReviewOutcome out;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::AuditTrail audit(catalog.db());
    archive::sql::Transaction tx(catalog.db());
    out = change(catalog, audit);
    if (catalog.generation() == out.generation_before) {
      tx.commit();  // only resolved rows and audit entries: nothing to index
      return;
    }
    update_indexes(catalog, data_dir, out.root_ids, out.generation_before, [&] { tx.commit(); });
  });
  return out;
}

}  // namespace

archive::ReviewOutcome open_reviewed(const std::string& data_dir, const std::vector<std::string>& ids,
                                     const std::string& reason, const archive::Actor& actor, archive::TimePoint now) {
  return apply_indexed(data_dir, [&](archive::Catalog& catalog, archive::AuditTrail& audit) {
    return archive::open_restrictions(catalog, audit, ids, archive::japan_day(now), reason, actor, now);
  });
}

archive::ReviewOutcome keep_reviewed(const std::string& data_dir, const std::string& id, const archive::Access& access,
                                     const std::string& reason, const archive::Actor& actor, archive::TimePoint now) {
  return apply_indexed(data_dir, [&](archive::Catalog& catalog, archive::AuditTrail& audit) {
    return archive::keep_restriction(catalog, audit, id, access, reason, actor, now);
  });
}

archive::ReviewOutcome change_reviewed(const std::string& data_dir, const std::string& id,
                                       const archive::Access& access, const std::string& reason,
                                       const archive::Actor& actor, archive::TimePoint now) {
  return apply_indexed(data_dir, [&](archive::Catalog& catalog, archive::AuditTrail& audit) {
    return archive::change_restriction(catalog, audit, id, access, reason, actor, now);
  });
}

archive::ReviewOutcome apply_decisions_reviewed(const std::string& data_dir, const std::vector<long long>& change_ids,
                                                const archive::Actor& actor, archive::TimePoint now) {
  return apply_indexed(data_dir, [&](archive::Catalog& catalog, archive::AuditTrail& audit) {
    std::vector<archive::DecisionChange> chosen;
    for (auto& c : archive::find_decision_changes(catalog)) {
      if (std::find(change_ids.begin(), change_ids.end(), c.id) != change_ids.end()) chosen.push_back(std::move(c));
    }
    return archive::apply_decision_changes(catalog, audit, chosen, actor, now);
  });
}

}  // namespace monjo::indexer
