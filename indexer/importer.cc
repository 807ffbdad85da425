#include "indexer/importer.h"

#include <algorithm>
#include <unordered_map>

#include "archive/errors.h"

namespace monjo::indexer {

using archive::InputError;
using archive::Level;
using archive::Record;

ImportResult import_files(archive::Catalog& catalog, const std::vector<std::string>& files,
                          const ImportOptions& options) {
  ImportResult result;
  result.before = catalog.counts();
  result.generation_before = catalog.generation();
  std::unordered_map<std::string, std::string> seen;  // id → "file:line" across all files
  archive::sql::Transaction tx(catalog.db());
  for (const auto& file : files) {
    if (options.on_file) options.on_file(file);
    read_catalog_file(file, options.read, [&](Record&& rec) {
      std::string where = file + ":" + std::to_string(rec.source_line);
      auto [it, fresh] = seen.emplace(rec.id, where);
      if (!fresh) throw InputError("duplicate id \"" + rec.id + "\" (also at " + it->second + ")", file, rec.source_line);
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
        case Level::Fonds: ++result.read.fonds; break;
        case Level::Series: ++result.read.series; break;
        case Level::Volume: ++result.read.volumes; break;
        case Level::Item: ++result.read.items; break;
      }
      catalog.insert(rec);
    });
  }
  catalog.bump_generation();
  if (options.before_commit) options.before_commit(result);
  tx.commit();
  result.after = catalog.counts();
  return result;
}

}  // namespace monjo::indexer
