#include "archive/search/place_names.h"

#include "archive/base/errors.h"
#include "archive/search/data_file.h"
#include "archive/search/normalize.h"

namespace monjo::archive {

namespace {

// What a municipality's name ends with; a query word without it names the place
// too (上溝 for 上溝村 and 上溝町).
constexpr const char* kSuffixes[] = {"村", "町", "市", "区", "郡"};

}  // namespace

size_t PlaceNames::id_of(const std::string& normalized) {
  auto it = ids_.find(normalized);
  if (it != ids_.end()) return it->second;
  const size_t id = names_.size();
  names_.push_back(normalized);
  ids_.emplace(normalized, id);
  later_.emplace_back();
  earlier_.emplace_back();
  return id;
}

void PlaceNames::add(std::string_view earlier, std::string_view later) {
  const std::string e = normalize(earlier);
  const std::string l = normalize(later);
  if (e.empty() || l.empty() || e == l) return;
  const size_t from = id_of(e);
  const size_t to = id_of(l);
  later_[from].push_back(to);
  earlier_[to].push_back(from);
}

PlaceNames PlaceNames::load(const std::string& path) {
  PlaceNames table;
  read_data_file(path, [&](const std::vector<std::string>& fields, long number) {
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty())
      throw InputError("expected earlier<TAB>later", path, number);
    const std::string& earlier = fields[0];
    const std::string& later = fields[1];
    if (normalize(earlier) == normalize(later)) throw InputError("a name cannot become itself", path, number);
    table.add(earlier, later);
  });
  return table;
}

std::string PlaceNames::path_for(const std::string& data_dir) {
  return data_dir + "/place-names.tsv";
}

void PlaceNames::walk(size_t from, bool forward, std::vector<bool>& seen) const {
  std::vector<size_t> todo = {from};
  std::vector<bool> visited(names_.size(), false);
  visited[from] = true;
  while (!todo.empty()) {
    const size_t id = todo.back();
    todo.pop_back();
    for (size_t next : forward ? later_[id] : earlier_[id]) {
      if (visited[next]) continue;
      // Forward only through renamings: a name that others merged into beside this
      // one names a wider place (田名村 → 相模原町), and its records are not about
      // this one. Backward every way: each earlier name lies within the later place.
      if (forward && earlier_[next].size() > 1) continue;
      visited[next] = true;
      seen[next] = true;
      todo.push_back(next);
    }
  }
}

std::vector<std::string> PlaceNames::expand(std::string_view word) const {
  std::vector<std::string> out;
  if (names_.empty() || word.empty()) return out;
  const std::string w(word);
  std::vector<bool> seen(names_.size(), false);
  std::vector<size_t> named;
  if (auto it = ids_.find(w); it != ids_.end()) named.push_back(it->second);
  for (const char* suffix : kSuffixes) {
    if (auto it = ids_.find(w + suffix); it != ids_.end()) named.push_back(it->second);
  }
  if (named.empty()) return out;
  for (size_t id : named) {
    seen[id] = true;
    walk(id, true, seen);
    walk(id, false, seen);
  }
  for (size_t id = 0; id < names_.size(); ++id) {
    if (seen[id] && names_[id] != w) out.push_back(names_[id]);
  }
  return out;
}

}  // namespace monjo::archive
