// `monjo export --format ead3`: one fonds as an EAD3 finding aid (SAA EAD3 1.1.1,
// namespace http://ead3.archivists.org/schema/), for exchange with other archives'
// systems (ArchivesSpace, AtoM) and for publishing finding aids. Mapping in
// docs/interop.md. The staff export carries everything the catalog holds (location,
// condition, reasons, preservation events, notes) and says so with
// audience="internal"; the public export is built from archive::public_view() alone
// (DESIGN §7), so it can be published as it is.
#pragma once

#include <ostream>
#include <string>

#include "archive/catalog/catalog.h"

namespace monjo::indexer {

struct Ead3Options {
  // The fonds to describe; empty means the catalog's only fonds (an EAD3 document
  // describes one: with several, this is an InputError that lists them).
  std::string fonds_id;
  // Only what the public may see (--public).
  bool public_view = false;
  // <maintenanceagency><agencyname> (monjo.conf [site] name).
  std::string agency_name = "市公文書館";
  // <maintenanceevent> time, UTC "YYYY-MM-DDThh:mm:ssZ"; empty: now.
  std::string generated_at;
};

// Throws archive::NotFound for an unknown fonds (or an empty catalog) and
// archive::InputError when no fonds is named and the catalog holds several.
void export_ead3(archive::Catalog& catalog, std::ostream& out, const Ead3Options& options);

}  // namespace monjo::indexer
