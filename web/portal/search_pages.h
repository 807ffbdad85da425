// The parts of a results page shared by the portal's /search (search_pages.cc) and
// the staff search (web/staff/search.cc): a page model and small functions, each
// making the template data of one part.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "archive/search/search_request.h"
#include "web/http/request_context.h"
#include "web/http/templates.h"
#include "web/portal/search_params.h"

namespace monjo::web {

// One search page: the form as asked, the Searcher's answer, the language of the
// links (explicit_lang: "" when the URL does not carry it) and the page's path.
struct SearchPage {
  const SearchForm& form;
  const archive::SearchResult& result;
  std::string lang;
  std::string base = "/search";

  std::string url(const std::vector<std::pair<std::string, std::string>>& add = {},
                  const std::pair<std::string, std::string>& remove = {}, int page = 1) const;
};

// "1,234"
std::string format_count(long n);
// The form's notices and the date found in the query.
mustache::data notices_data(const RequestContext& ctx, const SearchPage& p);
// The filters in force, each with the link that removes it.
mustache::data active_filters_data(const RequestContext& ctx, const SearchPage& p);
// "1–20 of 1,234" or, with no hits on the page, the total alone.
std::string count_text(const RequestContext& ctx, const archive::SearchResult& result);
// Previous, a window of pages, next.
void set_pagination(mustache::data& page, const SearchPage& p);
// Nothing matched: the spelling suggestion, the Searcher's suggestions (a reading, a
// word left out, a filter or the dates dropped, each a link with its count) and the
// same words without filters.
void set_no_results_help(mustache::data& page, const SearchPage& p);
// The other names a place name in the query was expanded to (「上溝 を含む: 上溝村,
// 上溝町」), with the link that searches without them.
void set_expansions(const RequestContext& ctx, mustache::data& page, const SearchPage& p);

}  // namespace monjo::web
