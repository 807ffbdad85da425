// The JSON shape of a search result (docs/portal.md), shared by `monjo search --json`
// and /api/search so that the two can never disagree.
#pragma once

#include <nlohmann/json.hpp>

#include "archive/base/messages.h"
#include "archive/search/search_request.h"

namespace monjo::archive {

nlohmann::json date_json(const std::string& text, const std::optional<DateInterval>& date);

// {"total","page","pageSize","hits":[{"id","level","title","date":{"text","start","end"},
//  "callNumber","path":[{"id","title"}],"snippet","access"}],"facets":{name:[{"value","label","count"}]},
//  "queryDate":{…}}; snippet and facets are left out when the request turned them off.
// Facets are keyed and ordered as index_schema::kFilters; labels are in `messages`' language.
nlohmann::json search_result_json(const SearchResult& result, bool with_facets, bool with_snippets,
                                  const Messages& messages);

}  // namespace monjo::archive
