#include "indexer/importer.h"

#include <algorithm>
#include <map>
#include <set>

#include "archive/base/errors.h"
#include "archive/catalog/record_rules.h"
#include "archive/catalog/record_versions.h"
#include "indexer/formats/registry.h"
#include "indexer/formats/sheet_columns.h"

namespace monjo::indexer {

using archive::InputError;
using archive::Level;
using archive::Record;

namespace {

// The level a new row takes when its sheet has no level column: the one below its
// parent's.
std::optional<Level> level_below(Level parent) {
  switch (parent) {
    case Level::Fonds:
      return Level::Series;
    case Level::Series:
      return Level::Volume;
    case Level::Volume:
      return Level::Item;
    case Level::Item:
      return std::nullopt;
  }
  return std::nullopt;
}

// One import: the catalog's transaction, the ids and call numbers the files have
// used so far (a temporary table, on disk like SQLite's other temporary data, so
// that memory stays bounded at millions of records) and every problem found. Once
// there is one problem nothing more is written; the reading goes on to find the
// others, and the transaction rolls back.
class Import {
 public:
  Import(archive::Catalog& catalog, ImportResult& result)
      : catalog_(catalog), db_(catalog.db()), versions_(catalog.db()), result_(result) {
    db_.exec(
        "CREATE TEMP TABLE IF NOT EXISTS import_ids (id TEXT PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT "
        "NULL, place TEXT NOT NULL DEFAULT '', call_number TEXT, level TEXT NOT NULL DEFAULT '') WITHOUT ROWID");
    db_.exec("CREATE INDEX IF NOT EXISTS temp.import_call_numbers ON import_ids (call_number)");
    db_.exec("DELETE FROM temp.import_ids");
  }
  ~Import() {
    try {
      db_.exec("DELETE FROM temp.import_ids");
    } catch (...) {
    }
  }

  archive::Problems& problems() { return problems_; }

  void whole(const std::string& file, formats::ReadItem&& item) {
    Record& rec = item.record;
    if (!remember(file, rec.id, rec.source_line, {}, rec.call_number, rec.level)) return;
    ++result_.read.of(rec.level);
    if (rec.level == Level::Fonds) add_root(rec.id);
    if (!rec.call_number.empty() && !item.broken) {
      auto owner = catalog_.id_for_call_number(rec.call_number);
      if (owner && *owner != rec.id && !replaced_by_this_import(*owner)) {
        problem(file, rec.source_line, {},
                "callNumber \"" + rec.call_number + "\" is already used by record " + *owner);
      }
    }
    if (item.broken || problems_.any()) return;
    if (rec.level == Level::Fonds) {
      catalog_.delete_subtree(rec.id);
    } else if (auto old_root = catalog_.root_of(rec.id)) {
      // The id lives in a fonds this import does not replace: the record moves here.
      result_.notes.push_back("record " + rec.id + " moved here from fonds " + *old_root);
      add_root(*old_root);
      catalog_.delete_subtree(rec.id);
    }
    if (auto held = catalog_.insert(rec)) result_.notes.push_back("record " + rec.id + ": " + *held);
  }

  // A row of a sheet: the record it names updated in the fields the sheet has
  // columns for, or a new record (docs/catalog-format.md, "Spreadsheets").
  void row(const std::string& file, formats::ReadItem&& item) {
    const formats::RowSource& src = *item.row;
    Record& row = item.record;
    const long line = row.source_line;
    auto at = [&](std::string_view field) { return src.place(line, field); };
    bool ok = !item.broken;
    auto refuse = [&](std::string_view field, const std::string& message) {
      problem(file, line, at(field), message);
      ok = false;
    };

    // Which record: by id, else by call number, else a new one.
    std::string id = row.id;
    if (id.empty() && !row.call_number.empty()) id = by_call_number(row.call_number).value_or("");
    std::optional<Record> existing;
    if (!id.empty()) existing = catalog_.get(id);

    // Its parent: an id or call number of a record, or of a row above.
    std::string parent_id;
    std::optional<Level> parent_level;
    if (src.has("parent") && !row.parent_id.empty()) {
      if (auto found = reference(row.parent_id)) {
        parent_id = found->first;
        parent_level = found->second;
      } else {
        refuse("parent", "parent \"" + row.parent_id + "\" is neither a record of the catalog nor a row above");
      }
    } else if (existing) {
      parent_id = existing->parent_id;
      if (!parent_id.empty()) parent_level = level_of(parent_id);
    }

    Level level = Level::Item;
    if (src.has("level")) {
      level = row.level;
    } else if (existing) {
      level = existing->level;
    } else if (parent_level && level_below(*parent_level)) {
      level = *level_below(*parent_level);
    } else if (ok) {
      refuse("level", "a new row needs its level (volume or item) or a parent");
    }
    if (existing && existing->level != level) {
      refuse("level", std::string("record ") + id + " is a " + archive::level_name(existing->level) + ", not a " +
                          archive::level_name(level));
    }
    if (level != Level::Fonds && parent_id.empty() && ok && !existing) {
      refuse("parent", std::string("a new ") + archive::level_name(level) + " needs a parent");
    }
    if (level == Level::Fonds && !parent_id.empty()) refuse("parent", "a fonds has no parent");
    if (parent_level && !archive::may_hold(*parent_level, level)) {
      refuse("parent", std::string("a ") + archive::level_name(level) + " cannot be placed under a " +
                           archive::level_name(*parent_level));
    }
    if (id.empty() && !parent_id.empty()) {
      // Numbered from 001, as the item table numbers them (indexer/item_table.cc).
      id = archive::new_child_id(catalog_, versions_, parent_id, new_ids_, next_.emplace(parent_id, 1).first->second);
    }
    if (id.empty()) {
      if (ok) refuse("id", "a new fonds needs an id");
      return;
    }
    if (!remember(file, id, line, at("id"), row.call_number, level)) return;
    ++result_.read.of(level);

    Record merged = existing ? *existing : Record{};
    merged.id = id;
    merged.level = level;
    merged.parent_id = parent_id;
    merged.source_line = line;
    for (const auto& part : formats::merge_row(src, row, merged)) {
      refuse(part, "\"" + part + "\" needs an access status in the same row (the record states none)");
    }
    for (const auto& p : archive::check_record(merged)) {
      // The reader has reported the problems of its cells (a cell it cannot read
      // leaves its field as the record had it); these are the record's, a row's
      // other problems notwithstanding (a bad date beside a bad access word).
      refuse(p.field.substr(0, p.field.find('.')), "record " + id + ": " + p.field + ": " + p.message);
    }
    if (!merged.call_number.empty()) {
      auto owner = catalog_.id_for_call_number(merged.call_number);
      if (owner && *owner != id) {
        refuse("callNumber", "callNumber \"" + merged.call_number + "\" is already used by record " + *owner);
      }
    }
    if (!ok || problems_.any()) return;

    if (existing) {
      const std::string old_root = catalog_.root_of(id).value_or(id);
      if (existing->parent_id != parent_id) {
        catalog_.move(id, parent_id);
        add_root(old_root);
        merged.position = catalog_.get(id)->position;
      }
      if (archive::diff_records(*existing, merged).empty() && existing->parent_id == parent_id) return;
      if (auto held = catalog_.update(merged, "monjo import", "import of " + file)) {
        result_.notes.push_back("record " + id + ": " + *held);
      }
    } else {
      merged.position = level == Level::Fonds ? static_cast<int>(catalog_.fonds_ids().size())
                                              : static_cast<int>(catalog_.child_ids(parent_id).size());
      if (auto held = catalog_.insert(merged)) result_.notes.push_back("record " + id + ": " + *held);
    }
    add_root(catalog_.root_of(id).value_or(id));
  }

 private:
  void problem(const std::string& file, long line, const std::string& place, const std::string& message) {
    problems_.add(message, file, line, place);
  }

  void add_root(const std::string& root) {
    if (std::find(result_.roots.begin(), result_.roots.end(), root) == result_.roots.end()) {
      result_.roots.push_back(root);
    }
  }

  // A fonds this import replaced (deleted and inserted again): its records' call
  // numbers are free for the file's records to take.
  bool replaced_by_this_import(const std::string& id) {
    auto root = catalog_.root_of(id);
    return root && std::find(result_.roots.begin(), result_.roots.end(), *root) != result_.roots.end() &&
           !seen(id);
  }

  bool seen(const std::string& id) {
    auto st = db_.prepare("SELECT 1 FROM temp.import_ids WHERE id = ?1");
    st.bind(1, id);
    const bool found = st.step();
    st.reset();
    return found;
  }

  // Notes `id` as used by this import; a second use is a problem (false).
  bool remember(const std::string& file, const std::string& id, long line, const std::string& place,
                const std::string& call_number, Level level) {
    if (id.empty()) return false;  // reported by the reader
    auto seen = db_.prepare(
        "INSERT INTO temp.import_ids (id, file, line, place, call_number, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(id) DO NOTHING");
    seen.bind(1, id).bind(2, file).bind(3, static_cast<int64_t>(line)).bind(4, place);
    if (call_number.empty()) {
      seen.bind_null(5);
    } else {
      seen.bind(5, call_number);
    }
    seen.bind(6, archive::level_name(level));
    seen.run();
    if (db_.changes() > 0) return true;
    auto first = db_.prepare("SELECT file, line, place FROM temp.import_ids WHERE id = ?1");
    first.bind(1, id);
    std::string where = "another record";
    if (first.step()) {
      const std::string spot = first.text(2).empty() ? std::to_string(first.integer(1)) : first.text(2);
      where = first.text(0) == file ? (first.text(2).empty() ? "line " : "") + spot : first.text(0) + ":" + spot;
    }
    first.reset();
    problem(file, line, place, "duplicate id \"" + id + "\" (first used on " + where + ")");
    return false;
  }

  std::optional<std::string> by_call_number(const std::string& call_number) {
    auto st = db_.prepare("SELECT id FROM temp.import_ids WHERE call_number = ?1");
    st.bind(1, call_number);
    std::optional<std::string> id;
    if (st.step()) id = st.text(0);
    st.reset();
    if (!id) id = catalog_.id_for_call_number(call_number);
    return id;
  }

  std::optional<Level> level_of(const std::string& id) {
    auto st = db_.prepare("SELECT level FROM temp.import_ids WHERE id = ?1");
    st.bind(1, id);
    std::optional<Level> level;
    if (st.step()) level = archive::level_from_name(st.text(0));
    st.reset();
    if (!level) {
      if (auto r = catalog_.get(id)) level = r->level;
    }
    return level;
  }

  // A parent cell: the id of a record or row above, else a call number of one.
  std::optional<std::pair<std::string, Level>> reference(const std::string& cell) {
    if (auto level = level_of(cell)) return std::make_pair(cell, *level);
    if (auto id = by_call_number(cell)) {
      if (auto level = level_of(*id)) return std::make_pair(*id, *level);
    }
    return std::nullopt;
  }

  archive::Catalog& catalog_;
  archive::sql::Database& db_;
  archive::RecordVersions versions_;
  ImportResult& result_;
  archive::Problems problems_;
  std::set<std::string> new_ids_;
  std::map<std::string, int> next_;
};

}  // namespace

ImportResult import_files(archive::Catalog& catalog, const std::vector<std::string>& files,
                          const ImportOptions& options) {
  ImportResult result;
  result.before = catalog.counts();
  result.generation_before = catalog.generation();
  archive::sql::Transaction tx(catalog.db());
  auto& db = catalog.db();
  {
    Import import(catalog, result);
    formats::ReadOptions read = options.read;
    read.problems = &import.problems();
    read.notes = &result.notes;
    for (const auto& file : files) {
      if (options.on_file) options.on_file(file);
      try {
        formats::reader_for(file, read).read(file, read, [&](formats::ReadItem&& item) {
          if (item.row) {
            import.row(file, std::move(item));
          } else {
            import.whole(file, std::move(item));
          }
          if (options.on_records && result.read.total() % 256 == 0) options.on_records(result.read.total());
        });
      } catch (const InputError& e) {
        // A problem the reader cannot read past ends this file; the others are read.
        import.problems().add(e);
      }
    }
    import.problems().raise();
  }
  catalog.bump_generation();
  if (options.before_commit) options.before_commit(result);
  if (options.commit_with) {
    const int rc = sqlite3_db_cacheflush(db.handle());
    if (rc != SQLITE_OK) {
      throw archive::Error("cannot write the catalog " + db.path() + ": " + db.last_error(rc));
    }
    options.commit_with(result, [&] { tx.commit(); });
  } else {
    tx.commit();
  }
  result.after = catalog.counts();
  return result;
}

}  // namespace monjo::indexer
