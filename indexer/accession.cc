#include "indexer/accession.h"

#include <nlohmann/json.hpp>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/record_rules.h"
#include "archive/catalog/record_versions.h"
#include "archive/dates/japanese_date.h"
#include "archive/selection/selection.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"

namespace monjo::indexer {

namespace {

std::string next_call_number(archive::Catalog& catalog, const std::string& prefix, std::set<std::string>& taken,
                             int& next) {
  for (;; ++next) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%04d", next);
    const std::string number = prefix + digits;
    if (taken.count(number) || catalog.id_for_call_number(number)) continue;
    taken.insert(number);
    ++next;
    return number;
  }
}

}  // namespace

std::set<std::string> held_back_ids(archive::Catalog& catalog) {
  return archive::held_back_ids(catalog.db());
}

long held_back_count(archive::Catalog& catalog) {
  long n = 0;
  for (const auto& id : held_back_ids(catalog)) catalog.for_each_in(id, [&](const archive::Record&) { ++n; });
  return n;
}

AccessionOutcome accession_batch(const std::string& data_dir, const AccessionForm& form, const archive::Actor& actor) {
  if (!archive::has_permission(actor.role, archive::Permission::EditCatalog)) {
    throw archive::Forbidden(std::string("the role ") + archive::role_name(actor.role) + " may not edit_catalog");
  }
  const std::string prefix = archive::trim_typed(form.call_number_prefix);
  if (prefix.empty()) throw archive::InputError("the call-number prefix is empty");
  AccessionOutcome out;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::sql::Transaction tx(catalog.db());
    archive::SelectionStore store(catalog.db());
    const auto batch = store.batch(form.batch_id);
    if (!batch) throw archive::NotFound("no selection batch " + std::to_string(form.batch_id));
    if (batch->accession_id) {
      throw archive::Conflict("batch " + std::to_string(form.batch_id) + " is accession " +
                              std::to_string(*batch->accession_id) + " already");
    }
    std::vector<const archive::SelectionRow*> transferred;
    for (const auto& r : batch->rows) {
      if (r.outcome() == archive::SelectionOutcome::Transfer) transferred.push_back(&r);
    }
    if (transferred.empty()) {
      throw archive::InputError("batch " + std::to_string(form.batch_id) + " has no approved 移管 (transfer) rows");
    }
    for (const int p : form.missing) {
      const auto* r = batch->row(p);
      if (!r || r->outcome() != archive::SelectionOutcome::Transfer) {
        throw archive::InputError("row " + std::to_string(p) + " is not a transferred row of the batch");
      }
    }
    const auto parent = catalog.get(form.parent_id);
    if (!parent) throw archive::InputError("no record " + form.parent_id + " to place the volumes under");
    if (!archive::may_hold(parent->level, archive::Level::Volume)) {
      throw archive::InputError(std::string("volumes cannot be placed under a ") + archive::level_name(parent->level));
    }
    const auto criteria = archive::SelectionCriteria::for_data_dir(data_dir);
    const archive::TimePoint now = archive::now_seconds();
    const std::string today = archive::japan_day(now).iso();
    archive::Accession acc;
    acc.batch_id = form.batch_id;
    acc.parent_id = form.parent_id;
    acc.location = archive::trim_typed(form.location);
    acc.received_by = actor.id;
    acc.received_at = archive::iso_utc(now);
    acc.received_on = today;

    const uint64_t generation_before = catalog.generation();
    archive::RecordVersions versions(catalog.db());
    std::set<std::string> taken_ids;
    std::set<std::string> taken_numbers;
    int next_id = 1;
    int next_number = 1;
    int position = static_cast<int>(catalog.child_ids(form.parent_id).size());
    int seq = 0;
    std::vector<std::pair<const archive::SelectionRow*, std::string>> made;
    for (const auto* r : transferred) {
      archive::AccessionItem item;
      item.seq = ++seq;
      item.position = r->position;
      item.title = r->data.title;
      if (form.missing.count(r->position)) {
        item.status = archive::AccessionItemStatus::Missing;
        acc.items.push_back(std::move(item));
        continue;
      }
      archive::Record v;
      v.id = archive::new_child_id(catalog, versions, form.parent_id, taken_ids, next_id);
      v.level = archive::Level::Volume;
      v.parent_id = form.parent_id;
      v.position = position++;
      v.call_number = next_call_number(catalog, prefix, taken_numbers, next_number);
      v.title = r->data.title;
      if (archive::try_parse_date(r->data.created_year)) {
        v.date_text = r->data.created_year;
        v.date = archive::try_parse_date(v.date_text);
      }
      v.department = r->data.department;
      v.retention = r->data.retention;
      v.extent = std::to_string(r->data.quantity) + "冊";
      v.location = acc.location;
      v.access = archive::Access{form.access, {}, {}, {}};
      const std::string criterion = r->in_force ? r->in_force->criterion : std::string();
      v.note = "受入: 選別リスト " + std::to_string(batch->id) + "（" + std::to_string(batch->fiscal_year) + "年度 " +
               batch->department + "）第" + std::to_string(r->position) + "行" +
               (r->data.file_number.empty() ? "" : "、文書番号 " + r->data.file_number) +
               (r->data.notes.empty() ? "" : "、備考 " + r->data.notes);
      v.preservation.push_back(
          {"transfer", today,
           batch->department + "から移管（選別基準: " + criteria.label(criterion, archive::Lang::Ja) + "）"});
      const auto problems = archive::check_record(v);
      if (!problems.empty()) {
        throw archive::InputError("row " + std::to_string(r->position) + ": " + problems.front().field + ": " +
                                  problems.front().message);
      }
      catalog.insert(v);
      const auto after = catalog.get(v.id);
      versions.append(archive::Record{}, *after, actor.id, "create");
      item.record_id = v.id;
      out.record_ids.push_back(v.id);
      acc.items.push_back(std::move(item));
      made.emplace_back(r, v.id);
    }
    for (const auto& title : form.extra) {
      const std::string t = archive::trim_typed(title);
      if (t.empty()) continue;
      archive::AccessionItem item;
      item.seq = ++seq;
      item.status = archive::AccessionItemStatus::Extra;
      item.title = t;
      acc.items.push_back(std::move(item));
    }
    out.accession_id = store.add_accession(acc);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : acc.items) {
      nlohmann::json j{{"status", archive::accession_item_status_name(i.status)}, {"title", i.title}};
      if (i.position) j["row"] = *i.position;
      if (!i.record_id.empty()) j["record"] = i.record_id;
      items.push_back(std::move(j));
    }
    archive::AuditTrail(catalog.db())
        .append(actor.id, archive::role_name(actor.role), "selection.accession",
                "selection batch " + std::to_string(form.batch_id),
                nlohmann::json{{"accession", out.accession_id},
                               {"parent", form.parent_id},
                               {"location", acc.location},
                               {"access", archive::access_name(form.access)},
                               {"items", items}}
                    .dump());
    catalog.bump_generation();
    if (out.record_ids.empty()) {
      tx.commit();
      return;
    }
    update_records(catalog, data_dir, out.record_ids, generation_before, [&] { tx.commit(); });
  });
  return out;
}

long record_accession_event(const std::string& data_dir, int64_t accession_id, const archive::PreservationEvent& event,
                            const archive::Actor& actor) {
  if (!archive::has_permission(actor.role, archive::Permission::EditCatalog)) {
    throw archive::Forbidden(std::string("the role ") + archive::role_name(actor.role) + " may not edit_catalog");
  }
  if (!archive::is_preservation_kind(event.type)) {
    throw archive::InputError("\"" + event.type + "\" is not a preservation event kind");
  }
  long n = 0;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::sql::Transaction tx(catalog.db());
    const auto acc = archive::SelectionStore(catalog.db()).accession(accession_id);
    if (!acc) throw archive::NotFound("no accession " + std::to_string(accession_id));
    const uint64_t generation_before = catalog.generation();
    archive::RecordVersions versions(catalog.db());
    std::vector<std::string> ids;
    for (const auto& item : acc->items) {
      if (item.record_id.empty()) continue;
      auto before = catalog.get(item.record_id);
      if (!before) continue;  // deleted since
      archive::Record after = *before;
      after.preservation.push_back(event);
      const auto problems = archive::check_record(after);
      if (!problems.empty()) throw archive::InputError(problems.front().field + ": " + problems.front().message);
      catalog.update(after, actor.id, "preservation event of accession " + std::to_string(accession_id));
      versions.append(*before, *catalog.get(item.record_id), actor.id, "edit");
      ids.push_back(item.record_id);
    }
    n = static_cast<long>(ids.size());
    archive::AuditTrail(catalog.db())
        .append(
            actor.id, archive::role_name(actor.role), "selection.accession_event",
            "accession " + std::to_string(accession_id),
            nlohmann::json{{"type", event.type}, {"date", event.date}, {"text", event.text}, {"records", ids}}.dump());
    catalog.bump_generation();
    if (ids.empty()) {
      tx.commit();
      return;
    }
    update_records(catalog, data_dir, ids, generation_before, [&] { tx.commit(); });
  });
  return n;
}

}  // namespace monjo::indexer
