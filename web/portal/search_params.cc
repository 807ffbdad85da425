#include "web/portal/search_params.h"

#include <algorithm>

#include "archive/base/errors.h"
#include "archive/dates/japanese_date.h"
#include "archive/search/index_schema.h"
#include "web/http/text.h"

namespace monjo::web {

ParsedSearch parse_search(const RequestContext& ctx, int page_size, archive::IndexSide side) {
  ParsedSearch out;
  auto& req = out.request;
  auto& form = out.form;

  form.q = ctx.get_param("q");
  if (form.q.size() > kMaxQueryBytes) throw BadRequest("query too long", "error_query_too_long");
  req.query = form.q;

  form.from = ctx.get_param("from");
  form.to = ctx.get_param("to");
  if (form.from.size() > 100 || form.to.size() > 100) throw archive::InputError("date too long");
  // A bound past its era's end is explained (notices_data); any other is "not read".
  auto refuse = [&](const std::string& text, std::optional<archive::DateRejection>& rejected, const char* key) {
    auto why = archive::date_rejection(text);
    if (why && why->era >= 0) {
      rejected = why;
    } else {
      form.notice_keys.push_back(key);
    }
  };
  if (!form.from.empty()) {
    req.from = archive::parse_date_bound(form.from);
    if (!req.from) refuse(form.from, form.from_rejected, "notice_from_invalid");
  }
  if (!form.to.empty()) {
    req.to = archive::parse_date_bound(form.to);
    if (!req.to) refuse(form.to, form.to_rejected, "notice_to_invalid");
  }
  if (req.from && req.to && req.to->end < req.from->start) {
    form.notice_keys.push_back("notice_range_reversed");
    std::swap(req.from, req.to);
  }

  // Values that cannot be of their filter are dropped, as a stale link's are.
  for (const auto& def : archive::index_schema::kFilters) {
    if (side == archive::IndexSide::Public && !archive::index_schema::on_public_side(def)) continue;
    for (const auto& v : ctx.get_params(def.param)) {
      if (!archive::index_schema::valid_filter_value(def, v)) continue;
      req.filter(def.name, v);
      form.filters.emplace_back(def.param, v);
    }
  }

  // A federated portal: the archives to keep to (keys of monjo.conf [federation]).
  for (const auto& v : ctx.get_params(archive::kArchiveFilter)) {
    if (!ctx.services().archive_of(v)) continue;
    req.filter(archive::kArchiveFilter, v);
    form.filters.emplace_back(archive::kArchiveFilter, v);
  }

  form.sort = ctx.get_param("sort", "relevance");
  if (form.sort == "date") {
    req.sort = archive::SortOrder::DateAscending;
  } else if (form.sort == "date_desc") {
    req.sort = archive::SortOrder::DateDescending;
  } else {
    form.sort = "relevance";
    req.sort = archive::SortOrder::Relevance;
  }

  form.page = ctx.get_int_param("page", 1, 1, archive::kMaxPage);
  req.page = form.page;
  form.expand = ctx.get_param("expand") != "0";
  req.expand_places = form.expand;
  form.exact = ctx.get_bool_param("exact", false);
  req.exact = form.exact;
  req.page_size = page_size;  // the Searcher clamps it (archive/search/search_request.h)
  return out;
}

std::shared_ptr<const archive::SearchResult> run_search(const RequestContext& ctx,
                                                        const archive::SearchRequest& request) {
  if (!ctx.services().searcher) throw Unavailable("the public index is not available");
  try {
    return ctx.services().searcher->search_shared(request);
  } catch (const archive::InputError& e) {
    // The one InputError of a search is the query parser's.
    throw BadRequest(e.what(), "error_query_syntax");
  }
}

std::string search_query(const SearchForm& form, const std::string& lang,
                         const std::vector<std::pair<std::string, std::string>>& add,
                         const std::pair<std::string, std::string>& remove, int page) {
  std::vector<std::pair<std::string, std::string>> p;
  p.emplace_back("q", form.q);
  p.emplace_back("from", form.from);
  p.emplace_back("to", form.to);
  for (const auto& f : form.filters) {
    if (f == remove) continue;
    p.push_back(f);
  }
  for (const auto& f : add) {
    if (std::find(form.filters.begin(), form.filters.end(), f) == form.filters.end()) p.push_back(f);
  }
  if (form.sort != "relevance") p.emplace_back("sort", form.sort);
  if (!form.expand) p.emplace_back("expand", "0");
  if (form.exact) p.emplace_back("exact", "1");
  if (page > 1) p.emplace_back("page", std::to_string(page));
  if (!lang.empty()) p.emplace_back("lang", lang);
  return query_string(p);
}

}  // namespace monjo::web
