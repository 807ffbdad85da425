// The search parameters of /search and /api/search (docs/portal.md), parsed and
// validated once into an archive::SearchRequest plus what the form must show back.
// The filter parameters are the rows of archive::index_schema::kFilters.
// A bad date is not an error page: it is dropped with a notice the page explains.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/search/search.h"
#include "web/http/request_context.h"

namespace monjo::web {

struct SearchForm {
  std::string q;
  std::string from;
  std::string to;
  std::string sort;                                          // "relevance" | "date" | "date_desc"
  std::vector<std::pair<std::string, std::string>> filters;  // (param, value) of kFilters rows, in table order
  int page = 1;
  bool expand = true;  // `expand=0`: place names are not expanded (SearchRequest::expand_places)
  bool exact = false;  // `exact=1`: every match counted (SearchRequest::exact)
  std::vector<std::string> notice_keys;  // message keys: "notice_from_invalid" …
  // A from/to date past its era's end (昭和65年, Showa 65): its own notice says why.
  std::optional<archive::DateRejection> from_rejected, to_rejected;
};

struct ParsedSearch {
  archive::SearchRequest request;
  SearchForm form;
};

// Throws BadRequest for an overlong query, archive::InputError for a non-numeric page.
// On the public side the parameters of FilterSide::StaffOnly rows are ignored (as
// an unknown parameter is); the staff search page (web/staff/search.cc) takes them.
ParsedSearch parse_search(const RequestContext& ctx, int page_size,
                          archive::IndexSide side = archive::IndexSide::Public);

// The public searcher's answer; a query it cannot parse (a dangling AND/OR/NOT, an
// unclosed bracket or quote) is a BadRequest saying so.
std::shared_ptr<const archive::SearchResult> run_search(const RequestContext& ctx,
                                                        const archive::SearchRequest& request);

// The query string that reproduces `form` (without page), with changes applied.
std::string search_query(const SearchForm& form, const std::string& lang,  // lang "" = not in the URL
                         const std::vector<std::pair<std::string, std::string>>& add = {},
                         const std::pair<std::string, std::string>& remove = {}, int page = 1);

}  // namespace monjo::web
