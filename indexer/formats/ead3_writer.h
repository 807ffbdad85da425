// `monjo export --format ead3`: one fonds as an EAD3 finding aid (SAA EAD3 1.1.1,
// namespace http://ead3.archivists.org/schema/), for exchange with other archives'
// systems (ArchivesSpace, AtoM) and for publishing finding aids. Mapping in
// docs/interop.md. The staff export carries everything the catalog holds (location,
// condition, reasons, preservation events, notes) and says so with
// audience="internal"; the public export (--public) is built from
// archive::public_view() alone (archive/catalog/access_policy.h), so it can be
// published as it is.
//
// An EAD3 document describes one fonds: WriteOptions::fonds_id, or the catalog's only
// fonds. Throws archive::NotFound for an unknown fonds (or an empty catalog) and
// archive::InputError when no fonds is named and the catalog holds several.
#pragma once

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

const Writer& ead3_writer();

}  // namespace monjo::indexer::formats
