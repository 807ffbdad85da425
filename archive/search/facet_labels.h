// How filters and facet values are shown: the one lookup, reading the message
// catalogs (messages/*.tsv) as each row of index_schema::kFilters says. The portal's
// facets and active filters, the home page's timeline and fonds list, and the JSON
// of /api/search and `monjo search --json` all call it.
#pragma once

#include <string>

#include "archive/base/messages.h"
#include "archive/search/index_schema.h"
#include "archive/search/search_request.h"

namespace monjo::archive {

// "年代" / "Decade": the message facet_<name>.
const std::string& filter_heading(const index_schema::FilterDef& def, const Messages& messages);

// The label of one value: "1950年代", "件名", a fonds' title, a department as it is.
// `title` is the record's title for FacetLabel::RecordTitle filters (empty when it
// is not known, as for an active filter: the value itself is shown then).
std::string filter_value_label(const index_schema::FilterDef& def, const std::string& value, const std::string& title,
                               const Messages& messages);
inline std::string facet_value_label(const index_schema::FilterDef& def, const FacetValue& v,
                                     const Messages& messages) {
  return filter_value_label(def, v.value, v.title, messages);
}

}  // namespace monjo::archive
