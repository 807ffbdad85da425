#include "indexer/importer.h"

#include <algorithm>

#include "archive/base/errors.h"
#include "indexer/formats/registry.h"

namespace monjo::indexer {

using archive::InputError;
using archive::Level;
using archive::Record;

ImportResult import_files(archive::Catalog& catalog, const std::vector<std::string>& files,
                          const ImportOptions& options) {
  ImportResult result;
  result.before = catalog.counts();
  result.generation_before = catalog.generation();
  archive::sql::Transaction tx(catalog.db());
  // Ids seen by this import, across its files: a temporary table (on disk, like
  // SQLite's other temporary data) rather than a map, so memory stays bounded at
  // millions of records.
  auto& db = catalog.db();
  db.exec(
      "CREATE TEMP TABLE IF NOT EXISTS import_ids (id TEXT PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT NULL) "
      "WITHOUT ROWID");
  db.exec("DELETE FROM temp.import_ids");
  for (const auto& file : files) {
    if (options.on_file) options.on_file(file);
    formats::reader_for(file, options.read).read(file, options.read, [&](Record&& rec) {
      auto seen =
          db.prepare("INSERT INTO temp.import_ids (id, file, line) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO NOTHING");
      seen.bind(1, rec.id).bind(2, file).bind(3, static_cast<int64_t>(rec.source_line));
      seen.run();
      if (db.changes() == 0) {
        auto first = db.prepare("SELECT file, line FROM temp.import_ids WHERE id = ?1");
        first.bind(1, rec.id);
        std::string where = first.step()
                                ? (first.text(0) == file ? "line " + std::to_string(first.integer(1))
                                                         : first.text(0) + ":" + std::to_string(first.integer(1)))
                                : "another record";
        first.reset();
        throw InputError("duplicate id \"" + rec.id + "\" (first used on " + where + ")", file, rec.source_line);
      }
      if (rec.level == Level::Fonds) {
        catalog.delete_subtree(rec.id);
        result.roots.push_back(rec.id);
      } else if (auto old_root = catalog.root_of(rec.id)) {
        // The id lives in a fonds this import does not replace: the record moves here.
        result.notes.push_back("record " + rec.id + " moved here from fonds " + *old_root);
        if (std::find(result.roots.begin(), result.roots.end(), *old_root) == result.roots.end()) {
          result.roots.push_back(*old_root);
        }
        catalog.delete_subtree(rec.id);
      }
      if (!rec.call_number.empty()) {
        auto owner = catalog.id_for_call_number(rec.call_number);
        if (owner && *owner != rec.id) {
          throw InputError("callNumber \"" + rec.call_number + "\" is already used by record " + *owner, file,
                           rec.source_line);
        }
      }
      switch (rec.level) {
        case Level::Fonds:
          ++result.read.fonds;
          break;
        case Level::Series:
          ++result.read.series;
          break;
        case Level::Volume:
          ++result.read.volumes;
          break;
        case Level::Item:
          ++result.read.items;
          break;
      }
      if (auto held = catalog.insert(rec)) result.notes.push_back("record " + rec.id + ": " + *held);
      if (options.on_records && result.read.total() % 256 == 0) options.on_records(result.read.total());
    });
  }
  catalog.bump_generation();
  if (options.before_commit) options.before_commit(result);
  db.exec("DELETE FROM temp.import_ids");
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
