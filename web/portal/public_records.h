// The portal's only door into the catalog (docs/architecture.md, "Invariants"): every record that leaves
// here is an archive::PublicRecord made by archive::public_view() with the effective
// access of its whole chain. Handlers never see an archive::Record, so no page can
// print a withheld field by mistake.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/access_policy.h"

namespace monjo::archive {
class Catalog;
struct RecordStamp;
}  // namespace monjo::archive

namespace monjo::web {

struct RecordPage {
  archive::PublicRecord record;
  std::vector<archive::PublicRecord> ancestors;   // fonds → parent
  std::vector<archive::PublicRecord> children;    // in catalog order
  std::optional<archive::PublicRecord> previous;  // siblings
  std::optional<archive::PublicRecord> next;
};

// Throws archive::NotFound for an unknown id.
RecordPage load_record_page(archive::Catalog& catalog, const std::string& id);

struct TreeNode {
  archive::PublicRecord record;
  std::vector<TreeNode> children;  // series and volumes; never items
  long volume_count = 0;           // volumes below (for series)
};

// The hierarchy below a fonds or series, down to volumes. Throws NotFound when
// `id` is unknown and InputError when it is a volume or item.
TreeNode load_tree(archive::Catalog& catalog, const std::string& id);

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
