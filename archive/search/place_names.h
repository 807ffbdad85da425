// Place-name history: what a municipality was called before and after its mergers
// and renamings (上溝村 → 上溝町 → 相模原町 → 相模原市), so that a query for a place
// under one name also finds the records filed under its earlier and later names
// (docs/search.md, "Place names"). The archive keeps the table in
// <data>/place-names.tsv; the Searcher (archive/search/search.cc) reads it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace monjo::archive {

class PlaceNames {
 public:
  // Reads a table: UTF-8, one change a line, `earlier<TAB>later`, then optional
  // columns (the date, a note) that the search does not read; blank lines and lines
  // starting with # are skipped. A missing file is an empty table; a bad line throws
  // InputError with the file and line.
  static PlaceNames load(const std::string& path);
  // <data_dir>/place-names.tsv
  static std::string path_for(const std::string& data_dir);

  // One change of name: `earlier` became (or merged into) `later`.
  void add(std::string_view earlier, std::string_view later);

  // The other names of the places a normalized query word names: the word itself
  // (相模原町), or the word with a municipal suffix (上溝 → 上溝村 and 上溝町). Each
  // such name brings every earlier name it came from, followed transitively (相模原市
  // brings 相模原町 and every village merged into it), and the later names it was
  // renamed to (上溝村 brings 上溝町), but not a name it merged into beside others
  // (上溝町 does not bring 相模原町: a wider place, whose records are not about
  // 上溝). The word itself is not in the list; the table's order. Empty when the
  // word names no place in the table.
  std::vector<std::string> expand(std::string_view word) const;

  bool empty() const { return names_.empty(); }

 private:
  size_t id_of(const std::string& normalized);
  void walk(size_t from, bool forward, std::vector<bool>& seen) const;

  std::vector<std::string> names_;  // normalized, in first-seen order
  std::map<std::string, size_t> ids_;
  std::vector<std::vector<size_t>> later_;    // id → the names it became
  std::vector<std::vector<size_t>> earlier_;  // id → the names it came from
};

}  // namespace monjo::archive
