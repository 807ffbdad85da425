#include "indexer/record_edits.h"

#include <nlohmann/json.hpp>

#include "archive/base/errors.h"
#include "archive/base/sqlite.h"
#include "archive/catalog/catalog.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"

namespace monjo::indexer {

namespace {

std::string changes_json(const std::vector<archive::FieldChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : changes) list.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
  return list.dump();
}

SaveOutcome save(const std::string& data_dir, archive::Record edited, const std::string& base_fingerprint,
                 const archive::Actor& actor, const std::string& action) {
  SaveOutcome out;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::sql::Transaction tx(catalog.db());
    auto current = catalog.get(edited.id);
    if (!current) throw archive::NotFound("no record " + edited.id);
    out.current = *current;
    out.fingerprint = archive::record_fingerprint(*current);
    edited.level = current->level;
    edited.parent_id = current->parent_id;
    edited.position = current->position;

    out.problems = archive::check_record(edited);
    if (!edited.call_number.empty()) {
      auto owner = catalog.id_for_call_number(edited.call_number);
      if (owner && *owner != edited.id) {
        out.problems.push_back(
            {"callNumber", "callNumber \"" + edited.call_number + "\" is already used by record " + *owner});
      }
    }
    out.changes = archive::diff_records(*current, edited);
    archive::RecordVersions versions(catalog.db());
    if (out.fingerprint != base_fingerprint) {
      out.status = SaveOutcome::Status::Conflict;
      if (auto base = versions.by_fingerprint(edited.id, base_fingerprint)) {
        out.since = archive::diff_records(archive::record_from_snapshot(base->snapshot), *current);
      }
      return;
    }
    if (!out.problems.empty()) {
      out.status = SaveOutcome::Status::Invalid;
      return;
    }
    if (out.changes.empty()) {
      out.status = SaveOutcome::Status::Unchanged;
      return;
    }
    const uint64_t generation_before = catalog.generation();
    out.held_note = catalog.update(edited, actor.id, action == "restore" ? "restored an earlier version" : "edited");
    auto after = catalog.get(edited.id);
    out.current = *after;
    out.fingerprint = archive::record_fingerprint(*after);
    out.changes = archive::diff_records(*current, *after);
    out.version = versions.append(*current, *after, actor.id, action);
    archive::AuditTrail(catalog.db())
        .append(actor.id, archive::role_name(actor.role), "record." + action, edited.id,
                "version " + std::to_string(out.version) + ": " + changes_json(out.changes));
    catalog.bump_generation();
    update_records(catalog, data_dir, {edited.id}, generation_before, [&] { tx.commit(); });
    out.status = SaveOutcome::Status::Saved;
  });
  return out;
}

}  // namespace

SaveOutcome save_record(const std::string& data_dir, archive::Record edited, const std::string& base_fingerprint,
                        const archive::Actor& actor) {
  return save(data_dir, std::move(edited), base_fingerprint, actor, "edit");
}

SaveOutcome restore_version(const std::string& data_dir, const std::string& id, int version,
                            const std::string& base_fingerprint, const archive::Actor& actor) {
  archive::Record restored;
  {
    archive::Catalog catalog(data_dir + "/catalog.sqlite", archive::Catalog::Mode::ReadOnly);
    auto v = archive::RecordVersions(catalog.db()).get(id, version);
    if (!v) throw archive::NotFound("record " + id + " has no version " + std::to_string(version));
    restored = archive::record_from_snapshot(v->snapshot);
  }
  return save(data_dir, std::move(restored), base_fingerprint, actor, "restore");
}

}  // namespace monjo::indexer
