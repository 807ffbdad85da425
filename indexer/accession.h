// Accession (受入, docs/selection.md, "Accession"): the approved 移管 rows of a selection
// batch become volumes of the catalog when their boxes arrive. The archivist confirms
// what arrived (a row that did not is flagged missing, an item that came without being
// listed is flagged extra and not catalogued), names the fonds or series they go
// under, the call-number prefix (the archive's rule: prefix + a four-digit number
// after the highest one in use), a location and the initial access class (要審査 unless
// another is chosen). The volumes are written like records made on the staff pages
// (a version, an audit entry, both indexes before the catalog commits), each with a
// "transfer" preservation event naming the batch, its row and the criterion. While a
// volume's own access is still 要審査, nothing of it reaches the public index
// (indexer/index_writer.cc, held_back_ids): an archivist opens it after examination.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archive/catalog/catalog.h"
#include "archive/catalog/record.h"
#include "archive/staff/roles.h"

namespace monjo::indexer {

struct AccessionForm {
  int64_t batch_id = 0;
  std::string parent_id;           // a fonds or series
  std::string call_number_prefix;  // "受2024-": 受2024-0001, 受2024-0002 …
  std::string location;
  std::set<int> missing;           // transferred rows that did not arrive
  std::vector<std::string> extra;  // titles of what arrived without being listed
  archive::AccessStatus access = archive::AccessStatus::Review;
};

struct AccessionOutcome {
  int64_t accession_id = 0;
  std::vector<std::string> record_ids;  // the volumes made, in the order of the rows
};

// Throws NotFound (no batch), Conflict (accessioned already), Forbidden (a role
// without edit_catalog), InputError (no approved 移管 rows, a parent that cannot hold
// volumes, a missing row that is not a transferred one, a prefix that is empty).
AccessionOutcome accession_batch(const std::string& data_dir, const AccessionForm& form, const archive::Actor& actor);

// Records one preservation event (くん蒸 on arrival …) on every volume of an
// accession at once; returns how many volumes. InputError: an unknown kind, a date
// not YYYY[-MM[-DD]].
long record_accession_event(const std::string& data_dir, int64_t accession_id, const archive::PreservationEvent& event,
                            const archive::Actor& actor);

// The records the public index leaves out (with everything below them): volumes
// made by an accession whose own access is still 要審査.
std::set<std::string> held_back_ids(archive::Catalog& catalog);
// How many records the public index leaves out: those and everything below them.
long held_back_count(archive::Catalog& catalog);

}  // namespace monjo::indexer
