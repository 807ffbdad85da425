#include "web/portal/public_records.h"

#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"

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

void build_tree(Catalog& catalog, std::vector<Record>& chain, TreeNode& node) {
  for (const auto& child : catalog.children(node.record.id)) {
    if (child.level == archive::Level::Item) continue;
    TreeNode sub;
    sub.record = view_below(chain, child);
    if (child.level == archive::Level::Series) {
      chain.push_back(child);
      build_tree(catalog, chain, sub);
      chain.pop_back();
      node.volume_count += sub.volume_count;
    } else {
      node.volume_count += 1;
    }
    node.children.push_back(std::move(sub));
  }
}

}  // namespace

RecordPage load_record_page(Catalog& catalog, const std::string& id) {
  auto record = catalog.get(id);
  if (!record) throw archive::NotFound("no record " + id);
  RecordPage page;
  std::vector<Record> ancestors = catalog.ancestors(id);
  for (size_t i = 0; i < ancestors.size(); ++i) {
    std::vector<Record> above(ancestors.begin(), ancestors.begin() + static_cast<long>(i));
    page.ancestors.push_back(view_below(above, ancestors[i]));
  }
  page.record = view_below(ancestors, *record);

  std::vector<Record> with_self = ancestors;
  with_self.push_back(*record);
  for (const auto& child : catalog.children(id)) page.children.push_back(view_below(with_self, child));

  if (!record->parent_id.empty()) {
    const auto siblings = catalog.child_ids(record->parent_id);
    for (size_t i = 0; i < siblings.size(); ++i) {
      if (siblings[i] != id) continue;
      if (i > 0) {
        if (auto prev = catalog.get(siblings[i - 1])) page.previous = view_below(ancestors, *prev);
      }
      if (i + 1 < siblings.size()) {
        if (auto next = catalog.get(siblings[i + 1])) page.next = view_below(ancestors, *next);
      }
      break;
    }
  }
  return page;
}

TreeNode load_tree(Catalog& catalog, const std::string& id) {
  auto record = catalog.get(id);
  if (!record) throw archive::NotFound("no record " + id);
  if (record->level != archive::Level::Fonds && record->level != archive::Level::Series) {
    throw archive::InputError("only a fonds or a series can be browsed as a tree");
  }
  std::vector<Record> chain = catalog.ancestors(id);
  TreeNode root;
  root.record = view_below(chain, *record);
  chain.push_back(*record);
  build_tree(catalog, chain, root);
  return root;
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
  catalog.for_each([&](const Record& r) { out.push_back({r.id, r.level}); });
  return out;
}

std::vector<HarvestRecord> load_harvest_records(Catalog& catalog, const std::vector<archive::RecordStamp>& stamps) {
  std::vector<HarvestRecord> out;
  out.reserve(stamps.size());
  // Consecutive ids are mostly siblings: keep the last chain of ancestors.
  std::string chain_parent;
  std::vector<Record> chain;
  for (const auto& stamp : stamps) {
    auto record = catalog.get(stamp.id);
    if (!record) continue;
    if (record->parent_id != chain_parent || chain_parent.empty()) {
      chain = record->parent_id.empty() ? std::vector<Record>{} : catalog.ancestors(stamp.id);
      chain_parent = record->parent_id;
    }
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
