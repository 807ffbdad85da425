// The reader of EAD finding aids: EAD 2002 (namespace urn:isbn:1-931666-22-9, or no
// namespace) and EAD3 (http://ead3.archivists.org/schema/), monjo's own EAD3 export
// (indexer/formats/ead3_writer.cc) included, which reads back to the records it was
// written from. <archdesc> becomes the fonds and the components below it series,
// volumes and items; docs/interop.md says what is kept, what is dropped and why.
// Streaming with libxml2's text reader (bounded memory), network access, DTDs and
// external entities refused as for catalog XML.
#pragma once

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

const Reader& ead_reader();

}  // namespace monjo::indexer::formats
