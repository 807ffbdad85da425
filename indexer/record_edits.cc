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

SaveOutcome move_record(const std::string& data_dir, const std::string& id, const std::string& new_parent_id,
                        const std::string& base_fingerprint, const archive::Actor& actor) {
  SaveOutcome out;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::sql::Transaction tx(catalog.db());
    auto current = catalog.get(id);
    if (!current) throw archive::NotFound("no record " + id);
    out.current = *current;
    out.fingerprint = archive::record_fingerprint(*current);
    if (out.fingerprint != base_fingerprint) {
      out.status = SaveOutcome::Status::Conflict;
      return;
    }
    if (current->parent_id == new_parent_id) {
      out.status = SaveOutcome::Status::Unchanged;
      return;
    }
    const uint64_t generation_before = catalog.generation();
    try {
      catalog.move(id, new_parent_id);
    } catch (const archive::InputError& e) {
      out.problems.push_back({"parent", e.what()});
      out.status = SaveOutcome::Status::Invalid;
      return;
    }
    auto after = catalog.get(id);
    out.current = *after;
    out.fingerprint = archive::record_fingerprint(*after);
    out.changes = {{"parent", current->parent_id, new_parent_id}};
    out.version = archive::RecordVersions(catalog.db()).append(*current, *after, actor.id, "move");
    archive::AuditTrail(catalog.db())
        .append(actor.id, archive::role_name(actor.role), "record.move", id,
                "version " + std::to_string(out.version) + ": " + changes_json(out.changes));
    catalog.bump_generation();
    update_records(catalog, data_dir, {id}, generation_before, [&] { tx.commit(); });
    out.status = SaveOutcome::Status::Saved;
  });
  return out;
}

SaveOutcome create_record(const std::string& data_dir, archive::Record record, const archive::Actor& actor) {
  SaveOutcome out;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::sql::Transaction tx(catalog.db());
    out.problems = archive::check_record(record);
    if (catalog.exists(record.id)) out.problems.push_back({"id", "id \"" + record.id + "\" is already in use"});
    if (record.level == archive::Level::Fonds) {
      record.parent_id.clear();
      record.position = static_cast<int>(catalog.fonds_ids().size());
    } else {
      auto parent = catalog.get(record.parent_id);
      if (!parent) {
        out.problems.push_back({"parent", "no record " + record.parent_id + " to place it under"});
      } else if (!archive::may_hold(parent->level, record.level)) {
        out.problems.push_back({"parent", std::string("a ") + archive::level_name(record.level) +
                                              " cannot be placed under a " + archive::level_name(parent->level)});
      } else {
        record.position = static_cast<int>(catalog.child_ids(record.parent_id).size());
      }
    }
    if (!record.call_number.empty()) {
      if (auto owner = catalog.id_for_call_number(record.call_number)) {
        out.problems.push_back(
            {"callNumber", "callNumber \"" + record.call_number + "\" is already used by record " + *owner});
      }
    }
    if (!out.problems.empty()) {
      out.status = SaveOutcome::Status::Invalid;
      return;
    }
    const uint64_t generation_before = catalog.generation();
    out.held_note = catalog.insert(record);
    auto after = catalog.get(record.id);
    out.current = *after;
    out.fingerprint = archive::record_fingerprint(*after);
    out.version = archive::RecordVersions(catalog.db()).append(archive::Record{}, *after, actor.id, "create");
    out.changes = archive::diff_records(archive::Record{}, *after);
    archive::AuditTrail(catalog.db())
        .append(actor.id, archive::role_name(actor.role), "record.create", record.id,
                "version " + std::to_string(out.version) + ": " + changes_json(out.changes));
    catalog.bump_generation();
    update_records(catalog, data_dir, {record.id}, generation_before, [&] { tx.commit(); });
    out.status = SaveOutcome::Status::Saved;
  });
  return out;
}

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
