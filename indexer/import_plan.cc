#include "indexer/import_plan.h"

#include <algorithm>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"

namespace monjo::indexer {

namespace {

// Thrown from before_commit once the plan is made: the import's transaction rolls back.
struct PlanMade {};

PlannedRecord planned(const archive::Record& r, std::vector<archive::FieldChange> changes = {}) {
  return {r.id, r.title, r.level, std::move(changes)};
}

FondsPlan plan_fonds(archive::Catalog& now, archive::Catalog& before, const std::string& root, size_t max_listed) {
  FondsPlan plan;
  plan.id = root;
  auto old_root = before.get(root);
  auto new_root = now.get(root);
  plan.is_new = !old_root;
  plan.title = new_root ? new_root->title : old_root ? old_root->title : std::string();
  now.for_each_in(root, [&](const archive::Record& r) {
    auto old = before.get(r.id);
    if (!old) {
      ++plan.added;
      ++plan.added_by_level.of(r.level);
      if (plan.added_records.size() < max_listed) plan.added_records.push_back(planned(r));
      return;
    }
    auto changes = archive::diff_records(*old, r);
    if (old->parent_id != r.parent_id) {
      changes.insert(changes.begin(), archive::FieldChange{"parent", old->parent_id, r.parent_id});
    }
    if (changes.empty()) {
      ++plan.unchanged;
      return;
    }
    ++plan.changed;
    ++plan.changed_by_level.of(r.level);
    if (plan.changed_records.size() < max_listed) plan.changed_records.push_back(planned(r, std::move(changes)));
  });
  before.for_each_in(root, [&](const archive::Record& r) {
    // A record that moved to another fonds of the import is listed there.
    if (now.exists(r.id)) return;
    ++plan.removed;
    ++plan.removed_by_level.of(r.level);
    if (plan.removed_records.size() < max_listed) plan.removed_records.push_back(planned(r));
  });
  return plan;
}

}  // namespace

std::string import_audit_detail(const ImportResult& r) {
  std::string roots;
  for (const auto& id : r.roots) roots += (roots.empty() ? "" : " ") + id;
  return std::to_string(r.read.total()) + " records in fonds " + roots;
}

ImportPlan plan_import(const std::string& data_dir, const std::vector<std::string>& files, ImportOptions options,
                       size_t max_listed) {
  ImportPlan plan;
  with_writer_lock(data_dir, [&] {
    const std::string path = data_dir + "/catalog.sqlite";
    archive::Catalog catalog(path);
    // Reads the committed catalog while the import's transaction is open (WAL).
    archive::Catalog before(path, archive::Catalog::Mode::ReadOnly);
    options.commit_with = nullptr;
    options.before_commit = [&](const ImportResult& r) {
      plan.result = r;
      plan.generation = r.generation_before;
      for (const auto& root : r.roots) plan.fonds.push_back(plan_fonds(catalog, before, root, max_listed));
      throw PlanMade{};
    };
    try {
      import_files(catalog, files, options);
    } catch (const PlanMade&) {
      return;  // rolled back
    }
    throw archive::Error("the import plan was not made");  // import_files always calls before_commit
  });
  plan.result.after = plan.result.before;
  return plan;
}

ImportResult import_planned(const std::string& data_dir, const std::vector<std::string>& files, ImportOptions options,
                            const archive::Actor& actor, const std::string& target, uint64_t expected_generation) {
  ImportResult result;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    if (catalog.generation() != expected_generation) {
      throw archive::Conflict("the catalog changed since the import was previewed");
    }
    auto before_commit = options.before_commit;
    options.before_commit = [&](const ImportResult& r) {
      archive::AuditTrail(catalog.db())
          .append(actor.id, archive::role_name(actor.role), "catalog.import", target, import_audit_detail(r));
      if (before_commit) before_commit(r);
    };
    // The catalog commits only once both indexes are built (as `monjo import`).
    options.commit_with = [&](const ImportResult& r, const std::function<void()>& commit) {
      update_indexes(catalog, data_dir, r.roots, r.generation_before, commit);
    };
    result = import_files(catalog, files, options);
  });
  return result;
}

}  // namespace monjo::indexer
