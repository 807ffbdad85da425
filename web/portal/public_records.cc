#include "web/portal/public_records.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "archive/catalog/catalog.h"
#include "archive/search/search.h"
#include "archive/base/errors.h"
#include "archive/selection/selection.h"

namespace monjo::web {

using archive::Catalog;
using archive::PublicRecord;
using archive::Record;

namespace {

std::vector<const Record*> chain_of(const std::vector<Record>& ancestors, const Record* self) {
  std::vector<const Record*> chain;
  chain.reserve(ancestors.size() + 1);
  for (const auto& a : ancestors) chain.push_back(&a);
  if (self) chain.push_back(self);
  return chain;
}

PublicRecord view_below(const std::vector<Record>& ancestors, const Record& record) {
  return archive::public_view(record, archive::effective_access(chain_of(ancestors, &record)));
}

// Whether `record` (or an ancestor of `chain`) is held back from the public: an
// accession's volume still 要審査 (archive/selection/selection.h, held_back_ids).
bool held_back(const std::set<std::string>& held, const std::vector<Record>& chain, const Record& record) {
  if (held.empty()) return false;
  if (held.count(record.id)) return true;
  for (const auto& a : chain) {
    if (held.count(a.id)) return true;
  }
  return false;
}

// The outline without the held-back records and what is below them (parents come
// before their children in it).
std::vector<archive::OutlineRow> without_held(std::vector<archive::OutlineRow> outline,
                                              const std::set<std::string>& held) {
  if (held.empty()) return outline;
  std::set<std::string> gone = held;
  std::vector<archive::OutlineRow> out;
  for (auto& row : outline) {
    if (gone.count(row.id) || gone.count(row.parent_id)) {
      gone.insert(row.id);
      continue;
    }
    out.push_back(std::move(row));
  }
  return out;
}

// Counts of what lies below each of `outline`'s records and of `id` itself (the
// outline lists parents before children, so one pass backwards adds each row to
// its parent).
std::unordered_map<std::string, TreeCounts> count_below(const std::string& id,
                                                        const std::vector<archive::OutlineRow>& outline) {
  std::unordered_map<std::string, TreeCounts> counts;
  counts.reserve(outline.size() + 1);
  counts[id];
  for (const auto& row : outline) counts[row.id];
  for (auto it = outline.rbegin(); it != outline.rend(); ++it) {
    const TreeCounts own = counts[it->id];
    TreeCounts& parent = counts[it->parent_id];
    parent.series += own.series + (it->level == archive::Level::Series);
    parent.volumes += own.volumes + (it->level == archive::Level::Volume);
  }
  return counts;
}

std::unordered_map<std::string, long> count_children(const std::vector<archive::OutlineRow>& outline) {
  std::unordered_map<std::string, long> out;
  for (const auto& row : outline) ++out[row.parent_id];
  return out;
}

// The entries of one page of `parent`'s series and volumes (items are never in the
// tree), with their counts; `preview` children of each series below them.
std::vector<TreeEntry> tree_entries(Catalog& catalog, const std::vector<Record>& chain, const std::string& parent,
                                    long offset, long limit, long preview,
                                    const std::unordered_map<std::string, TreeCounts>& counts,
                                    const std::unordered_map<std::string, long>& child_counts,
                                    const std::set<std::string>& held) {
  std::vector<TreeEntry> out;
  std::vector<Record> with_self = chain;
  for (auto& child : catalog.children(parent, offset, limit)) {
    if (child.level == archive::Level::Item) continue;
    if (held.count(child.id)) continue;
    TreeEntry entry;
    entry.record = view_below(chain, child);
    if (child.level == archive::Level::Series) {
      if (auto c = counts.find(child.id); c != counts.end()) entry.below = c->second;
      if (auto n = child_counts.find(child.id); n != child_counts.end()) entry.child_count = n->second;
      if (preview > 0 && entry.child_count > 0) {
        with_self.push_back(child);
        entry.preview = tree_entries(catalog, with_self, child.id, 0, preview, 0, counts, child_counts, held);
        with_self.pop_back();
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

RecordPage load_record_page(Catalog& catalog, const std::string& id, long around) {
  auto record = catalog.get(id);
  if (!record) throw archive::NotFound("no record " + id);
  RecordPage page;
  std::vector<Record> ancestors = catalog.ancestors(id);
  const std::set<std::string> held = archive::held_back_ids(catalog.db());
  // Not yet examined: the public does not learn that it exists.
  if (held_back(held, ancestors, *record)) throw archive::NotFound("no record " + id);
  for (size_t i = 0; i < ancestors.size(); ++i) {
    std::vector<Record> above(ancestors.begin(), ancestors.begin() + static_cast<long>(i));
    page.ancestors.push_back(view_below(above, ancestors[i]));
  }
  page.record = view_below(ancestors, *record);

  std::vector<Record> with_self = ancestors;
  with_self.push_back(*record);
  for (const auto& child : catalog.children(id)) {
    if (!held.count(child.id)) page.children.push_back(view_below(with_self, child));
  }

  if (!record->parent_id.empty()) {
    const auto siblings = catalog.child_ids(record->parent_id);
    const long n = static_cast<long>(siblings.size());
    long i = 0;
    while (i < n && siblings[static_cast<size_t>(i)] != id) ++i;
    if (i < n) {
      // One query for the window, the previous and next siblings among it.
      const long before = std::max(around, 1L);
      const long first = std::max(0L, i - before);
      const long last = std::min(n - 1, i + before);
      std::vector<Record> window = catalog.children(record->parent_id, first, last - first + 1);
      for (long k = 0; k < static_cast<long>(window.size()); ++k) {
        const long at = first + k;
        if (held.count(window[static_cast<size_t>(k)].id)) continue;
        PublicRecord view = view_below(ancestors, window[static_cast<size_t>(k)]);
        if (at == i - 1) page.previous = view;
        if (at == i + 1) page.next = view;
        if (at >= i - around && at <= i + around) page.siblings.push_back(std::move(view));
      }
      page.first_sibling = std::max(0L, i - around);
      page.position = i;
      page.sibling_count = n;
    }
  }
  return page;
}

RecordPage load_record_page(archive::Searcher& index, const std::string& id, long around) {
  auto view = index.record(id);
  if (!view) throw archive::NotFound("no record " + id);
  RecordPage page;
  for (const auto& [aid, title] : view->path) {
    if (auto a = index.record(aid)) {
      page.ancestors.push_back(std::move(a->record));
    } else {
      PublicRecord p;
      p.id = aid;
      p.title = title;
      page.ancestors.push_back(std::move(p));
    }
  }
  page.record = view->record;
  for (auto& c : index.children(id)) page.children.push_back(std::move(c.record));
  if (!page.record.parent_id.empty()) {
    auto siblings = index.children(page.record.parent_id);
    const long n = static_cast<long>(siblings.size());
    long i = 0;
    while (i < n && siblings[static_cast<size_t>(i)].record.id != id) ++i;
    if (i < n) {
      for (long at = std::max(0L, i - std::max(around, 1L)); at <= std::min(n - 1, i + std::max(around, 1L)); ++at) {
        const PublicRecord& s = siblings[static_cast<size_t>(at)].record;
        if (at == i - 1) page.previous = s;
        if (at == i + 1) page.next = s;
        if (at >= i - around && at <= i + around) page.siblings.push_back(s);
      }
      page.first_sibling = std::max(0L, i - around);
      page.position = i;
      page.sibling_count = n;
    }
  }
  return page;
}

TreePage load_tree_page(Catalog& catalog, const std::string& id, long page, long page_size, long preview) {
  auto record = catalog.get(id);
  if (!record) throw archive::NotFound("no record " + id);
  if (record->level != archive::Level::Fonds && record->level != archive::Level::Series) {
    throw archive::InputError("only a fonds or a series can be browsed as a tree");
  }
  std::vector<Record> chain = catalog.ancestors(id);
  TreePage out;
  for (size_t i = 0; i < chain.size(); ++i) {
    std::vector<Record> above(chain.begin(), chain.begin() + static_cast<long>(i));
    out.ancestors.push_back(view_below(above, chain[i]));
  }
  out.record = view_below(chain, *record);
  const std::set<std::string> held = archive::held_back_ids(catalog.db());
  if (held_back(held, chain, *record)) throw archive::NotFound("no record " + id);
  chain.push_back(*record);
  const auto outline = without_held(catalog.outline(id), held);
  const auto counts = count_below(id, outline);
  const auto child_counts = count_children(outline);
  out.below = counts.at(id);
  if (auto n = child_counts.find(id); n != child_counts.end()) out.child_count = n->second;
  // Series and volumes come before nothing else under a fonds or series (items sit
  // under volumes only), so the page of children is the page of the tree.
  const long pages = std::max(1L, (out.child_count + page_size - 1) / page_size);
  out.page = std::clamp(page, 1L, pages);
  out.children =
      tree_entries(catalog, chain, id, (out.page - 1) * page_size, page_size, preview, counts, child_counts, held);
  return out;
}

std::vector<PublicRecord> load_fonds(Catalog& catalog) {
  std::vector<PublicRecord> out;
  for (const auto& id : catalog.fonds_ids()) {
    if (auto r = catalog.get(id)) out.push_back(view_below({}, *r));
  }
  return out;
}

std::vector<RecordRef> load_all_refs(Catalog& catalog) {
  std::vector<RecordRef> out;
  std::set<std::string> gone = archive::held_back_ids(catalog.db());
  catalog.for_each([&](const Record& r) {
    if (!gone.empty() && (gone.count(r.id) || gone.count(r.parent_id))) {
      gone.insert(r.id);
      return;
    }
    out.push_back({r.id, r.level});
  });
  return out;
}

std::vector<HarvestRecord> load_harvest_records(Catalog& catalog, const std::vector<archive::RecordStamp>& stamps) {
  std::vector<HarvestRecord> out;
  out.reserve(stamps.size());
  // Consecutive ids are mostly siblings: keep the last chain of ancestors.
  std::string chain_parent;
  std::vector<Record> chain;
  const std::set<std::string> held = archive::held_back_ids(catalog.db());
  for (const auto& stamp : stamps) {
    auto record = catalog.get(stamp.id);
    if (!record) continue;
    if (record->parent_id != chain_parent || chain_parent.empty()) {
      chain = record->parent_id.empty() ? std::vector<Record>{} : catalog.ancestors(stamp.id);
      chain_parent = record->parent_id;
    }
    if (held_back(held, chain, *record)) continue;
    out.push_back({view_below(chain, *record), stamp.datestamp, stamp.root_id});
  }
  return out;
}

HarvestRecord load_harvest_record(Catalog& catalog, const std::string& id) {
  auto stamp = catalog.record_stamp(id);
  if (!stamp) throw archive::NotFound("no record " + id);
  auto records = load_harvest_records(catalog, {*stamp});
  if (records.empty()) throw archive::NotFound("no record " + id);
  return std::move(records.front());
}

}  // namespace monjo::web
