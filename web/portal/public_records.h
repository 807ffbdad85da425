// The portal's only door into the catalog (docs/architecture.md, "Invariants"): every record that leaves
// here is an archive::PublicRecord made by archive::public_view() with the effective
// access of its whole chain. Handlers never see an archive::Record, so no page can
// print a withheld field by mistake. An accession's volume not yet examined (still
// 要審査, archive::held_back_ids) is not here at all, nor anything below it: its page is
// not found, listings, the sitemap and harvests leave it out (docs/selection.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/access_policy.h"

namespace monjo::archive {
class Catalog;
class Searcher;
struct RecordStamp;
}  // namespace monjo::archive

namespace monjo::web {

struct RecordPage {
  archive::PublicRecord record;
  std::vector<archive::PublicRecord> ancestors;   // fonds → parent
  std::vector<archive::PublicRecord> children;    // in catalog order
  std::optional<archive::PublicRecord> previous;  // siblings
  std::optional<archive::PublicRecord> next;
  // Where it sits among its parent's children (the context panel): a window of
  // siblings around it, the record itself included, in catalog order.
  std::vector<archive::PublicRecord> siblings;
  long first_sibling = 0;  // the 0-based position of siblings.front() among all of them
  long position = 0;       // the record's own
  long sibling_count = 0;  // every child of the parent, the record included (0 for a fonds)
};

// Throws archive::NotFound for an unknown id. `around`: siblings before and after
// the record in RecordPage::siblings.
RecordPage load_record_page(archive::Catalog& catalog, const std::string& id, long around = 3);
// The same from the public index's views (a read replica, docs/scaling.md): the views were
// made by the same archive::public_view() when the index was written.
RecordPage load_record_page(archive::Searcher& index, const std::string& id, long around = 3);

// What lies below a series (at any depth): the browse tree shows it beside the
// series instead of the records themselves.
struct TreeCounts {
  long series = 0;
  long volumes = 0;
};

// One entry of a browse page: a series or a volume, public view. A series has its
// counts and, on the page of its parent, its first few children (`preview`, shown
// when the entry is expanded; no preview of their own).
struct TreeEntry {
  archive::PublicRecord record;
  TreeCounts below;
  long child_count = 0;  // series and volumes directly under it
  std::vector<TreeEntry> preview;
};

// One page of the tree below a fonds or series: its series and volumes in catalog
// order, `page` (1-based) of `page_size`, each series with up to `preview` children.
struct TreePage {
  archive::PublicRecord record;
  std::vector<archive::PublicRecord> ancestors;  // fonds → parent
  TreeCounts below;
  long child_count = 0;  // series and volumes directly under it
  std::vector<TreeEntry> children;
  long page = 1;  // the page asked for, within 1 and the last page
};

// Throws NotFound when `id` is unknown and InputError when it is a volume or item.
TreePage load_tree_page(archive::Catalog& catalog, const std::string& id, long page, long page_size,
                        long preview);

// Every fonds, public view.
std::vector<archive::PublicRecord> load_fonds(archive::Catalog& catalog);

// Ids and levels of every record (the sitemap); ids are public by docs/architecture.md, "Invariants".
struct RecordRef {
  std::string id;
  archive::Level level;
};
std::vector<RecordRef> load_all_refs(archive::Catalog& catalog);

// A record as a harvester gets it (OAI-PMH, web/portal/oai.cc): the public view with its
// datestamp and fonds (archive::Catalog::record_stamps gives the stamps).
struct HarvestRecord {
  archive::PublicRecord record;
  std::string datestamp;
  std::string fonds_id;
};
// The public views of `stamps`, in their order; a record gone meanwhile is skipped.
std::vector<HarvestRecord> load_harvest_records(archive::Catalog& catalog,
                                                const std::vector<archive::RecordStamp>& stamps);
// Throws archive::NotFound for an unknown id.
HarvestRecord load_harvest_record(archive::Catalog& catalog, const std::string& id);

}  // namespace monjo::web
