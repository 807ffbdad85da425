// The reader of monjo's own catalog XML (namespace urn:monjo:catalog:1, described in
// docs/catalog-format.md), with libxml2: streaming, validated against
// schema/catalog.xsd (compiled in) as it is read, with network access, DTDs and
// external entities refused, and the checks that XSD can't make (dates parse, call
// numbers unique within a file; ids across the files of an import are the
// importer's). Errors are InputError with the file and line of the
// offending element.
#pragma once

#include "indexer/formats/format.h"

namespace monjo::indexer::formats {

const Reader& native_reader();

// The compiled-in schema text.
const char* catalog_xsd();

}  // namespace monjo::indexer::formats
