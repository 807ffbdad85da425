#include "indexer/item_table.h"

#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "archive/base/crypto.h"
#include "archive/base/errors.h"
#include "archive/base/sqlite.h"
#include "archive/base/strings.h"
#include "archive/catalog/record_rules.h"
#include "archive/staff/audit.h"
#include "indexer/index_writer.h"

namespace monjo::indexer {

namespace {

// "12", "１２" (full-width digits, as a Japanese spreadsheet may hold them) → 12.
std::optional<int> whole_number(const std::string& typed, bool& ok) {
  ok = true;
  const std::string v = archive::trim_typed(typed);
  if (v.empty()) return std::nullopt;
  std::string ascii;
  for (size_t i = 0; i < v.size();) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= '0' && c <= '9') {
      ascii += static_cast<char>(c);
      ++i;
    } else if (c == 0xEF && i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xBC &&
               static_cast<unsigned char>(v[i + 2]) >= 0x90 && static_cast<unsigned char>(v[i + 2]) <= 0x99) {
      ascii += static_cast<char>('0' + (static_cast<unsigned char>(v[i + 2]) - 0x90));
      i += 3;
    } else if (c == '-' && i == 0) {
      ascii += '-';
      ++i;
    } else {
      ok = false;
      return std::nullopt;
    }
  }
  if (ascii == "-" || ascii.size() > 8) {
    ok = false;
    return std::nullopt;
  }
  return std::stoi(ascii);
}

std::optional<int> number_cell(const std::string& typed, size_t row, const char* field,
                               std::vector<RowProblem>& problems) {
  bool ok = true;
  auto n = whole_number(typed, ok);
  if (!ok) problems.push_back({row, field, "\"" + archive::trim_typed(typed) + "\" is not a whole number"});
  return n;
}

// The record a row makes of `r` (the stored item, or a new one): the table's cells
// over it, everything the table does not show kept.
archive::Record apply_row(archive::Record r, const ItemRow& row, size_t index, std::vector<RowProblem>& problems) {
  r.seq = number_cell(row.seq, index, "seq", problems);
  r.title = archive::trim_typed(row.title);
  const std::string date = archive::trim_typed(row.date);
  if (date != r.date_text) {
    // The table shows the date as written; a new text replaces a stored normal form,
    // which would otherwise win over it (the record editor sets one).
    r.date_text = date;
    r.date_normal.clear();
  }
  r.pages_from = number_cell(row.pages_from, index, "pages.from", problems);
  r.pages_to = number_cell(row.pages_to, index, "pages.to", problems);
  r.description = row.description;
  r.note = row.note;
  return r;
}

}  // namespace

bool blank_row(const ItemRow& row) {
  if (!row.id.empty()) return false;
  for (const std::string* cell :
       {&row.seq, &row.title, &row.date, &row.pages_from, &row.pages_to, &row.description, &row.note}) {
    if (!archive::trim_typed(*cell).empty()) return false;
  }
  return true;
}

std::vector<archive::Record> volume_items(archive::Catalog& catalog, const std::string& volume_id) {
  auto volume = catalog.get(volume_id);
  if (!volume || volume->level != archive::Level::Volume) throw archive::NotFound("no volume " + volume_id);
  std::vector<archive::Record> items;
  for (auto& child : catalog.children(volume_id)) {
    if (child.level == archive::Level::Item) items.push_back(std::move(child));
  }
  return items;
}

std::string table_fingerprint(const std::vector<archive::Record>& items) {
  std::string all = "monjo-item-table-v1\n";
  for (const auto& item : items) all += archive::record_fingerprint(item) + "\n";
  return archive::blake2b_hex(all);
}

TableOutcome save_item_table(const std::string& data_dir, const std::string& volume_id,
                             const std::vector<ItemRow>& rows, const std::string& base_fingerprint,
                             const archive::Actor& actor) {
  TableOutcome out;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    archive::sql::Transaction tx(catalog.db());
    archive::RecordVersions versions(catalog.db());
    const std::vector<archive::Record> current = volume_items(catalog, volume_id);
    out.items = current;
    out.fingerprint = table_fingerprint(current);
    out.rows = current.size();
    std::map<std::string, const archive::Record*> stored;
    for (const auto& item : current) stored[item.id] = &item;

    // Every row checked, the kept ones in order with the record each makes.
    struct Kept {
      size_t row;
      archive::Record record;
      const archive::Record* before;  // nullptr: a new item
    };
    std::vector<Kept> kept;
    std::map<std::string, size_t> row_of;  // id → first row naming it
    std::set<std::string> keep_ids;
    std::set<std::string> taken;
    int next_number = 1;
    out.row_ids.assign(rows.size(), "");
    for (size_t i = 0; i < rows.size(); ++i) {
      const ItemRow& row = rows[i];
      if (blank_row(row)) continue;
      if (!row.id.empty()) {
        out.row_ids[i] = row.id;
        if (!stored.count(row.id)) {
          out.problems.push_back({i, "id", "record \"" + row.id + "\" is not an item of volume " + volume_id});
          continue;
        }
        auto [at, fresh] = row_of.emplace(row.id, i);
        if (!fresh) {
          out.problems.push_back({i, "id",
                                  "item " + row.id + " is in the table twice (rows " + std::to_string(at->second + 1) +
                                      " and " + std::to_string(i + 1) + ")"});
          continue;
        }
      }
      if (row.remove) continue;
      archive::Record base;
      const archive::Record* before = nullptr;
      if (row.id.empty()) {
        base.id = archive::new_child_id(catalog, versions, volume_id, taken, next_number);
        base.level = archive::Level::Item;
        base.parent_id = volume_id;
        out.row_ids[i] = base.id;
      } else {
        before = stored[row.id];
        base = *before;
        keep_ids.insert(row.id);
      }
      archive::Record r = apply_row(std::move(base), row, i, out.problems);
      r.position = static_cast<int>(kept.size());
      for (const auto& p : archive::check_record(r)) out.problems.push_back({i, p.field, p.message});
      kept.push_back({i, std::move(r), before});
    }

    if (out.fingerprint != base_fingerprint) {
      out.status = TableOutcome::Status::Conflict;
      std::set<std::string> named;
      for (size_t i = 0; i < rows.size(); ++i) {
        const ItemRow& row = rows[i];
        if (row.id.empty() || !named.insert(row.id).second) continue;
        auto now = stored.find(row.id);
        if (now == stored.end()) {
          out.since.push_back({row.id, i, "deleted", {}});
        } else if (archive::record_fingerprint(*now->second) != row.base) {
          TableChange c{row.id, i, "changed", {}};
          if (auto then = versions.by_fingerprint(row.id, row.base)) {
            c.changes = archive::diff_records(archive::record_from_snapshot(then->snapshot), *now->second);
          }
          out.since.push_back(std::move(c));
        }
      }
      for (const auto& item : current) {
        if (!named.count(item.id)) out.since.push_back({item.id, std::nullopt, "added", {}});
      }
      return;
    }
    if (!out.problems.empty()) {
      out.status = TableOutcome::Status::Invalid;
      return;
    }

    const uint64_t generation_before = catalog.generation();
    auto hold = [&](const std::optional<std::string>& note, const std::string& id) {
      if (note) out.held_notes.push_back(id + ": " + *note);
    };
    for (const auto& item : current) {
      if (keep_ids.count(item.id)) continue;
      versions.append(item, item, actor.id, "delete");  // the snapshot of what went
      catalog.delete_subtree(item.id);
      out.deleted.push_back(item.id);
    }
    for (const auto& k : kept) {
      if (k.before) {
        if (archive::record_snapshot(k.record) == archive::record_snapshot(*k.before)) continue;
        hold(catalog.update(k.record, actor.id, "edited in the item table"), k.record.id);
        const auto after = catalog.get(k.record.id);
        const bool moved_only = archive::diff_records(*k.before, *after).empty();
        versions.append(*k.before, *after, actor.id, moved_only ? "move" : "edit");
        out.changed.push_back(k.record.id);
      } else {
        hold(catalog.insert(k.record), k.record.id);
        versions.append(archive::Record{}, *catalog.get(k.record.id), actor.id, "create");
        out.added.push_back(k.record.id);
      }
    }
    out.items = volume_items(catalog, volume_id);
    out.fingerprint = table_fingerprint(out.items);
    out.rows = out.items.size();
    if (out.added.empty() && out.changed.empty() && out.deleted.empty()) {
      out.status = TableOutcome::Status::Unchanged;
      return;
    }
    const std::string detail =
        "added " + std::to_string(out.added.size()) + ", changed " + std::to_string(out.changed.size()) + ", deleted " +
        std::to_string(out.deleted.size()) + ", rows " + std::to_string(out.rows) + ": " +
        nlohmann::json{{"added", out.added}, {"changed", out.changed}, {"deleted", out.deleted}}.dump();
    archive::AuditTrail(catalog.db())
        .append(actor.id, archive::role_name(actor.role), "record.item_table", volume_id, detail);
    catalog.bump_generation();
    // The volume's subtree, and the items taken out (their documents go).
    std::vector<std::string> reindex = {volume_id};
    reindex.insert(reindex.end(), out.deleted.begin(), out.deleted.end());
    update_records(catalog, data_dir, reindex, generation_before, [&] { tx.commit(); });
    out.status = TableOutcome::Status::Saved;
  });
  return out;
}

}  // namespace monjo::indexer
