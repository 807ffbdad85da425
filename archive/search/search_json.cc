#include "archive/search/search_json.h"

#include "archive/search/facet_labels.h"

namespace monjo::archive {

using nlohmann::json;

json date_json(const std::string& text, const std::optional<DateInterval>& date) {
  json j = {{"text", text}, {"start", nullptr}, {"end", nullptr}};
  if (date) {
    j["start"] = date->start.iso();
    j["end"] = date->end.iso();
  }
  return j;
}

json search_result_json(const SearchResult& result, bool with_facets, bool with_snippets, const Messages& messages) {
  json hits = json::array();
  for (const auto& h : result.hits) {
    json path = json::array();
    for (const auto& [id, title] : h.path) path.push_back({{"id", id}, {"title", title}});
    json hit = {{"id", h.id},
                {"level", level_name(h.level)},
                {"title", h.title},
                {"date", date_json(h.date_text, h.date)},
                {"callNumber", h.call_number},
                {"path", path},
                {"access", access_name(h.access)},
                {"withheldItems", h.withheld_items}};
    if (with_snippets) hit["snippet"] = h.snippet_html;
    hits.push_back(std::move(hit));
  }
  // total: exact when totalExact, else Xapian's estimate, between totalLower and
  // totalUpper (docs/search.md, "Counting"); exact=1 asks for the exact count.
  json out = {{"total", result.total},
              {"totalExact", result.total_exact},
              {"totalLower", result.total_lower},
              {"totalUpper", result.total_upper},
              {"page", result.page},
              {"pageSize", result.page_size},
              {"hits", hits}};
  if (with_facets) {
    json facets = json::object();
    for (const auto* def : index_schema::kFacets) {
      auto it = result.facets.find(def->name);
      if (it == result.facets.end()) continue;
      json list = json::array();
      for (const auto& v : it->second) {
        list.push_back({{"value", v.value}, {"label", facet_value_label(*def, v, messages)}, {"count", v.count}});
      }
      facets[def->name] = list;
    }
    out["facets"] = facets;
    out["facetsExact"] = result.facets_exact;
  }
  if (result.query_date) {
    out["queryDate"] = {{"expression", result.query_date->expression},
                        {"start", result.query_date->interval.start.iso()},
                        {"end", result.query_date->interval.end.iso()}};
  }
  if (result.query_date_rejected) {
    out["queryDateRejected"] = {{"expression", result.query_date_rejected->expression},
                                {"message", result.query_date_rejected->message}};
  }
  if (!result.corrected_query.empty()) out["suggestion"] = result.corrected_query;
  if (!result.expansions.empty()) {
    json list = json::array();
    for (const auto& e : result.expansions) list.push_back({{"word", e.word}, {"names", e.names}});
    out["expansions"] = list;
  }
  if (!result.romanized.empty()) {
    json list = json::array();
    for (const auto& r : result.romanized) list.push_back({{"word", r.word}, {"kana", r.kana}});
    out["romanized"] = list;
  }
  if (result.incomplete()) {
    out["incomplete"] = true;
    out["parts"] = result.part_count;
    out["missingParts"] = result.missing_parts;
  }
  if (!result.suggestions.empty()) {
    static constexpr const char* kKinds[] = {"reading", "dropWord", "dropFilter", "dropDates"};
    json list = json::array();
    for (const auto& s : result.suggestions) {
      list.push_back({{"kind", kKinds[static_cast<int>(s.kind)]},
                      {"query", s.query},
                      {"dropped", s.dropped},
                      {"count", s.count},
                      {"countExact", s.count_exact}});
    }
    out["suggestions"] = list;
  }
  return out;
}

}  // namespace monjo::archive
