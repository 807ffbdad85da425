// The JSON shape of a search result (DESIGN §9), shared by `monjo search --json`
// and /api/search so that the two can never disagree.
#pragma once

#include <nlohmann/json.hpp>

#include "archive/search/search.h"

namespace monjo::archive {

nlohmann::json date_json(const std::string& text, const std::optional<DateInterval>& date);

// {"total","page","pageSize","hits":[{"id","level","title","date":{"text","start","end"},
//  "callNumber","path":[{"id","title"}],"snippet","access"}],"facets":{name:[{"value","label","count"}]},
//  "queryDate":{…}}; snippet and facets are left out when the request turned them off.
nlohmann::json search_result_json(const SearchResult& result, bool with_facets, bool with_snippets);

}  // namespace monjo::archive
