// What a search asks and what it answers: the request, its limits, the hits and the
// facet counts. Plain data shared by the Searcher (archive/search/search.h), the
// result cache (archive/search/search_cache.h), the JSON (search_json.h), the portal
// and `monjo search`. The filters a request may carry are the rows of
// index_schema::kFilters; a request names them by FilterDef::name.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "archive/catalog/record.h"
#include "archive/dates/japanese_date.h"

namespace monjo::archive {

// The limits of paging, the only copy: the engine clamps to them, the portal's
// links and the CLI's options are bounded by them.
constexpr int kMaxPageSize = 50;  // hits per page
constexpr int kMaxPage = 500;     // deeper pages are refined, not paged
// Totals and facet counts are exact up to this many matches; past it the total is
// Xapian's estimate with its bounds (「約 N 件」) and the facet counts are scaled from
// the matches counted, unless the request asks for an exact count
// (SearchRequest::exact; docs/search.md, "Counting"). Elasticsearch's
// track_total_hits default.
constexpr long kExactCountUpTo = 10000;

enum class SortOrder { Relevance, DateAscending, DateDescending };

struct SearchRequest {
  std::string query;                 // free text; may contain field prefixes and a date expression
  std::optional<DateInterval> from;  // records overlapping [from.start, to.end]
  std::optional<DateInterval> to;
  // Filter name (index_schema::kFilters) → accepted values; values of one filter
  // are ORed, filters are ANDed. An unknown name is ignored by the engine.
  std::map<std::string, std::vector<std::string>> filters;
  SortOrder sort = SortOrder::Relevance;
  int page = 1;        // 1-based; clamped to [1, kMaxPage]
  int page_size = 20;  // clamped to [1, kMaxPageSize]
  bool facets = true;
  bool snippets = true;
  // A place name also matches its earlier and later names (archive/search/place_names.h),
  // and a romanized word the kana it stands for (archive/search/romaji.h).
  bool expand_places = true;
  // When nothing matches: what would (SearchResult::suggestions).
  bool suggest = true;
  // The day the review-date filters (index_schema::FilterMatch::DueBy) count from;
  // unset: the day in Japan when the search runs.
  std::optional<Ymd> today;
  // Count every match: the total and the facet counts exact whatever their number
  // (`exact=1`, `monjo search --exact`). Unset: exact up to kExactCountUpTo.
  bool exact = false;

  // Adds one value to a filter.
  void filter(const std::string& name, std::string value) { filters[name].push_back(std::move(value)); }
};

// The page and page size a request is answered with: clamped to the limits above.
int clamped_page(const SearchRequest& request);
int clamped_page_size(const SearchRequest& request);

struct SearchHit {
  std::string id;
  Level level = Level::Item;
  std::string title;  // the side's title (public: publicTitle when present)
  std::string date_text;
  std::optional<DateInterval> date;
  std::string call_number;
  std::vector<std::pair<std::string, std::string>> path;  // (id, title) fonds → parent
  std::string snippet_html;                               // escaped original text with <mark>…</mark>
  std::string archive;  // a federated search (archive/search/federation.h): the key of the hit's archive
  AccessStatus access = AccessStatus::Open;
  // An open volume: how many of its items state a restriction of their own (the hit
  // says so, as the volume's page does).
  long withheld_items = 0;
  double score = 0;
};

// One value of a facet with its count. How it is shown is facet_value_label()
// (archive/search/facet_labels.h): a message of the catalogs, or for a facet whose
// values are records (the fonds) the record's title, carried here.
struct FacetValue {
  std::string value;  // term value (e.g. "1950", "庶務課", "item", "open", a fonds id)
  std::string title;  // the title of the record the value names, for FacetLabel::RecordTitle facets
  long count = 0;
};

// The other names of a place that a query word was expanded to and that found
// records: 「上溝 を含む: 上溝村, 上溝町」.
struct PlaceExpansion {
  std::string word;                // the query word, normalized
  std::vector<std::string> names;  // the other names that matched, in the table's order
};

// A romanized query word that found records by the kana it stands for: 「onkyu」 →
// 「おんきゅう」 (archive/search/romaji.h).
struct RomanizedWord {
  std::string word;  // the query word, normalized
  std::string kana;  // its plain reading, in hiragana as written (おんきゅ: small kana kept)
};

// A way out of a search that found nothing, with what it finds.
struct Suggestion {
  enum class Kind {
    Reading,     // the words written in kanji replaced by their reading (a wrong kanji, the right sound)
    DropWord,    // one word left out
    DropFilter,  // one filter dropped
    DropDates,   // the date range (from, to, a date in the query) dropped
  };
  Kind kind = Kind::Reading;
  std::string query;    // the query text to run (for DropFilter the same as asked)
  std::string dropped;  // the word, the filter (FilterDef::name) or the date expression left out
  long count = 0;       // records it finds
  bool count_exact = true;  // false: past kExactCountUpTo, Xapian's estimate (shown 約)
};

struct SearchResult {
  // The number of matching records: exact when total_exact, else Xapian's estimate,
  // with total_lower ≤ the true number ≤ total_upper (equal to total when exact).
  long total = 0;
  bool total_exact = true;
  long total_lower = 0;
  long total_upper = 0;
  // False when the facet counts are estimates: scaled from the matches counted
  // (a total past kExactCountUpTo without SearchRequest::exact).
  bool facets_exact = true;
  int page = 1;
  int page_size = 20;
  std::vector<SearchHit> hits;
  std::map<std::string, std::vector<FacetValue>> facets;  // by FilterDef::name, for the rows with a facet slot
  std::optional<QueryDate> query_date;                    // a date found in the query text and used as a filter
  // A run that names an era but is no date (昭和65年, Showa 65): searched as words, and said why.
  std::optional<DateRejection> query_date_rejected;
  std::string corrected_query;                            // a suggestion when nothing matched (may be empty)
  std::vector<PlaceExpansion> expansions;                 // place names expanded that found records
  std::vector<RomanizedWord> romanized;                   // romanized words that found records by their kana
  std::vector<Suggestion> suggestions;                    // when nothing matched (request.suggest)
  // An index of parts (archive/search/index_parts.h) with parts not answering: the
  // result is from the others, and the total and facets count only theirs. The
  // parts by number (1 = the first given) and how many there are; never their
  // addresses, which are the operator's (Searcher::missing_parts() has them).
  std::vector<int> missing_parts;
  int part_count = 0;
  bool incomplete() const { return !missing_parts.empty(); }
};

}  // namespace monjo::archive
