// The layout of the two Xapian indexes, in one place: every term prefix, filter,
// value slot and facet, plus the encoding of the per-document data a hit is rendered
// from. The writer (indexer/index_writer.cc), the reader (archive/search/search.cc),
// the result cache's key, the portal's URL parameters (web/portal/search_params.cc),
// `monjo search`'s options and the JSON all walk these tables, so none of them can
// disagree (the habit of notmuch's lib/prefix.cc). docs/architecture.md says what to
// change to add a facet.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/catalog/access_policy.h"
#include "archive/catalog/record.h"
#include "archive/dates/date.h"

namespace monjo::archive::index_schema {

// --- term prefixes -------------------------------------------------------------
// Free-text prefixes take n-grammed, normalized text; boolean prefixes take one
// exact value per term. Prefixes follow Xapian's conventions where one exists
// (Q unique id, S title) and use X… otherwise.
enum class PrefixKind { FreeText, Boolean };

struct PrefixDef {
  const char* field;   // user-facing name in the query box ("title" for title:), or "" if none
  const char* prefix;  // Xapian term prefix
  PrefixKind kind;
  const char* what;  // documentation
};

inline constexpr char kIdPrefix[] = "Q";           // boolean: record id (the unique term)
inline constexpr char kTitlePrefix[] = "S";        // free text: title
inline constexpr char kNamePrefix[] = "XN";        // free text: names (person, org, place)
inline constexpr char kDeptTextPrefix[] = "XD";    // free text: department
inline constexpr char kCallTextPrefix[] = "XC";    // free text: call number
inline constexpr char kCallExactPrefix[] = "XK";   // boolean: the whole citable number, normalized
inline constexpr char kLevelPrefix[] = "XL";       // boolean: fonds | series | volume | item
inline constexpr char kFondsPrefix[] = "XF";       // boolean: id of the fonds (also on the fonds itself)
inline constexpr char kSeriesPrefix[] = "XS";      // boolean: id of every ancestor series (and itself)
inline constexpr char kDepartmentPrefix[] = "XE";  // boolean: department as catalogued
inline constexpr char kAccessPrefix[] = "XA";      // boolean: effective access status
inline constexpr char kDecadePrefix[] = "XY";      // boolean: decade of the start date ("1950")
inline constexpr char kReadingPrefix[] = "XR";     // free text: readings (読み) of the words, as kana n-grams
// Staff side only (FilterSide::StaffOnly rows below): the public index holds none.
inline constexpr char kGroundsPrefix[] = "XG";       // boolean: restriction ground in force ("personal")
inline constexpr char kLocationPrefix[] = "XO";      // boolean: location (配架場所) as catalogued
inline constexpr char kPreservationPrefix[] = "XP";  // boolean: kind of a preservation event ("repair")
inline constexpr char kParentPrefix[] = "XU";        // boolean: the parent's id (a record page's children)

// Every prefix, in one table. The query parser is configured by walking it.
inline constexpr PrefixDef kPrefixes[] = {
    {"id", kIdPrefix, PrefixKind::Boolean, "record id; one per document"},
    {"title", kTitlePrefix, PrefixKind::FreeText, "title (public side: publicTitle when present)"},
    {"name", kNamePrefix, PrefixKind::FreeText, "names of persons, organisations, places"},
    {"dept", kDeptTextPrefix, PrefixKind::FreeText, "department (作成部局), as words"},
    {"call", kCallTextPrefix, PrefixKind::FreeText, "call number (請求番号), as words"},
    {"", kCallExactPrefix, PrefixKind::Boolean, "the whole citable number, normalized (ranks the record it names first)"},
    {"level", kLevelPrefix, PrefixKind::Boolean, "level: fonds, series, volume, item"},
    {"fonds", kFondsPrefix, PrefixKind::Boolean, "fonds id of the record's subtree"},
    {"series", kSeriesPrefix, PrefixKind::Boolean, "id of each enclosing series"},
    {"", kDepartmentPrefix, PrefixKind::Boolean, "department, exact (filter and facet)"},
    {"access", kAccessPrefix, PrefixKind::Boolean, "effective access status"},
    {"decade", kDecadePrefix, PrefixKind::Boolean, "decade of the start date"},
    {"yomi", kReadingPrefix, PrefixKind::FreeText,
     "readings of the title, names, creator and department (no positions)"},
    {"", kGroundsPrefix, PrefixKind::Boolean, "restriction ground in force (staff index only)"},
    {"", kLocationPrefix, PrefixKind::Boolean, "location, exact (staff index only)"},
    {"", kPreservationPrefix, PrefixKind::Boolean, "kind of a preservation event (staff index only)"},
    {"", kParentPrefix, PrefixKind::Boolean, "the parent's id: the children of a record, in document order"},
};

// The value of a boolean term, made safe for Xapian's term length limit (245 bytes):
// long values are cut at a UTF-8 boundary. Use for writing and for filtering.
std::string boolean_term(const char* prefix, std::string_view value);

// --- value slots -----------------------------------------------------------------
enum Slot : Xapian::valueno {
  kStartSlot = 0,       // sortable_serialise(days since 1970-01-01) of the start date
  kEndSlot = 1,         // same, end date
  kDecadeSlot = 2,      // "1950" (facet)
  kDepartmentSlot = 3,  // department as catalogued (facet)
  kLevelSlot = 4,       // "item" … (facet)
  kAccessSlot = 5,      // "open" … (facet)
  kFondsSlot = 6,       // fonds id (facet)
  kCallSortSlot = 7,    // call number with digit runs zero-padded (sort tie-break)
  kUntilSlot = 8,       // staff only: date_value() of the restriction's review date (until)
  kLocationSlot = 9,    // staff only: location as catalogued (facet)
};

std::string date_value(const Ymd& day);
std::string decade_value(const Ymd& day);
// "歴1-12" sorts before "歴1-100": digit runs are padded to 10 digits.
std::string call_number_sort_key(std::string_view call_number);

// --- filters and facets ------------------------------------------------------------
// What the writer knows about a record when it makes its document: the side's view
// of it (on the public side public_view(): a filter cannot read what the public
// must not see) and what its place in the tree tells.
struct IndexedRecord {
  const PublicRecord& view;  // public_view() or staff_view() (archive/catalog/access_policy.h)
  const std::string& fonds_id;
  const std::vector<std::string>& series_ids;  // enclosing series, and itself when a series
  // The full record and the access in force: only on the staff side (null on the
  // public one), read by FilterSide::StaffOnly rows alone.
  const Record* staff = nullptr;
  const EffectiveAccess* staff_access = nullptr;
};

// The kinds of preservation event are archive::preservation_kinds()
// (archive/catalog/record_rules.h).
// The values of the review-date filter: "due" (the review date has come: until <=
// today) and a number of months N ("due within N months": until <= today + N months,
// the overdue included).
inline constexpr const char* kReviewChoices[] = {"due", "3", "6", "12"};

// Which values a filter accepts from a URL or the command line; others are dropped
// (the portal) or refused (the CLI).
enum class FilterValues {
  Level,         // a level_name()
  Access,        // an access_name()
  RecordId,      // a record id (valid_record_id())
  Decade,        // four digits
  Text,          // any text up to kMaxFilterValueBytes
  Ground,        // a restriction ground code (restriction_grounds())
  Preservation,  // one of preservation_kinds() (archive/catalog/record_rules.h)
  Review,        // one of kReviewChoices
};
inline constexpr size_t kMaxFilterValueBytes = 200;

// How a facet value is shown. The words are in the message catalogs
// (messages/*.tsv), never here.
enum class FacetLabel {
  Message,      // the message <value_key><value> ("level_item" → 件名)
  Format,       // the message <value_key> with {value} ("facet_decade_value": {value}年代)
  RecordTitle,  // the title of the record the value names (FacetValue::title)
  Value,        // the value as it is (a department)
};

// The order of a facet's values: the most frequent first, or by their number
// (decades, chronologically: 950 before 1950).
enum class FacetOrder { ByCount, ByNumber };

inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

// The indexes a filter is written on. A StaffOnly row's terms and values are never
// in the public index; the public parameters (web/portal/search_params.cc) ignore it,
// the Searcher on the public side ignores it, and `monjo search` refuses it without
// --staff.
enum class FilterSide { Both, StaffOnly };

// How a filter's values select documents: as boolean terms of `prefix`, or (DueBy)
// as a date range on `range_slot`: a value of kReviewChoices keeps the documents
// whose date there is on or before SearchRequest::today (plus N months).
enum class FilterMatch { Terms, DueBy };

struct FilterDef {
  const char* name;       // key in SearchRequest::filters, SearchResult::facets and the JSON "facets"
  const char* param;      // URL parameter of /search and /api/search, and `monjo search --<param>`
  const char* prefix;     // boolean term prefix of its values
  Xapian::valueno slot;   // value slot counted as a facet, or kNoSlot (a filter only)
  FilterValues values;    // what a value must look like
  FacetOrder order;       // of the facet's values
  FacetLabel label;       // how a value is shown
  const char* value_key;  // message key (stem) for Message and Format labels
  const char* help;       // `monjo search --help`
  // The document's values, at most one when `slot` is set (for DueBy: an ISO date).
  std::vector<std::string> (*of)(const IndexedRecord&);
  FilterSide side = FilterSide::Both;
  FilterMatch match = FilterMatch::Terms;
  Xapian::valueno range_slot = kNoSlot;  // DueBy: the value slot of the date
};
// The heading of a filter and of its facet is the message "facet_<name>".

// In the portal's order: the facets are shown in this order.
inline constexpr FilterDef kFilters[] = {
    {"decade", "decade", kDecadePrefix, kDecadeSlot, FilterValues::Decade, FacetOrder::ByNumber, FacetLabel::Format,
     "facet_decade_value", "Decade, e.g. 1950",
     [](const IndexedRecord& r) {
       return r.view.date ? std::vector<std::string>{decade_value(r.view.date->start)} : std::vector<std::string>{};
     }},
    {"fonds", "fonds", kFondsPrefix, kFondsSlot, FilterValues::RecordId, FacetOrder::ByCount, FacetLabel::RecordTitle,
     "", "Fonds id", [](const IndexedRecord& r) { return std::vector<std::string>{r.fonds_id}; }},
    {"level", "level", kLevelPrefix, kLevelSlot, FilterValues::Level, FacetOrder::ByCount, FacetLabel::Message,
     "level_", "fonds, series, volume or item",
     [](const IndexedRecord& r) { return std::vector<std::string>{level_name(r.view.level)}; }},
    {"department", "dept", kDepartmentPrefix, kDepartmentSlot, FilterValues::Text, FacetOrder::ByCount,
     FacetLabel::Value, "", "Department (作成部局), exact",
     [](const IndexedRecord& r) {
       return r.view.department.empty() ? std::vector<std::string>{} : std::vector<std::string>{r.view.department};
     }},
    {"access", "access", kAccessPrefix, kAccessSlot, FilterValues::Access, FacetOrder::ByCount, FacetLabel::Message,
     "access_", "open, restricted, review or closed",
     [](const IndexedRecord& r) { return std::vector<std::string>{access_name(r.view.access)}; }},
    {"series", "series", kSeriesPrefix, kNoSlot, FilterValues::RecordId, FacetOrder::ByCount, FacetLabel::RecordTitle,
     "", "Series id", [](const IndexedRecord& r) { return r.series_ids; }},
    // Staff only: what the public must not see (docs/search.md, "Staff-only filters").
    {"grounds", "grounds", kGroundsPrefix, kNoSlot, FilterValues::Ground, FacetOrder::ByCount, FacetLabel::Message,
     "ground_", "Restriction ground in force, e.g. personal (needs --staff)",
     [](const IndexedRecord& r) {
       return r.staff_access && r.staff_access->status != AccessStatus::Open ? r.staff_access->grounds
                                                                             : std::vector<std::string>{};
     },
     FilterSide::StaffOnly},
    {"location", "location", kLocationPrefix, kLocationSlot, FilterValues::Text, FacetOrder::ByCount, FacetLabel::Value,
     "", "Location (配架場所) as catalogued, exact (needs --staff)",
     [](const IndexedRecord& r) {
       return r.staff && !r.staff->location.empty() ? std::vector<std::string>{r.staff->location}
                                                    : std::vector<std::string>{};
     },
     FilterSide::StaffOnly},
    {"preservation", "preservation", kPreservationPrefix, kNoSlot, FilterValues::Preservation, FacetOrder::ByCount,
     FacetLabel::Message, "preservation_", "Kind of preservation event, e.g. repair (needs --staff)",
     [](const IndexedRecord& r) {
       std::vector<std::string> kinds;
       if (!r.staff) return kinds;
       for (const auto& e : r.staff->preservation)
         if (std::find(kinds.begin(), kinds.end(), e.type) == kinds.end()) kinds.push_back(e.type);
       return kinds;
     },
     FilterSide::StaffOnly},
    {"review", "review", "", kNoSlot, FilterValues::Review, FacetOrder::ByCount, FacetLabel::Message, "facet_review_",
     "Restriction review date: due, or due within 3, 6 or 12 months (needs --staff)",
     [](const IndexedRecord& r) {
       return r.staff_access && r.staff_access->status != AccessStatus::Open && !r.staff_access->until.empty()
                  ? std::vector<std::string>{r.staff_access->until}
                  : std::vector<std::string>{};
     },
     FilterSide::StaffOnly, FilterMatch::DueBy, kUntilSlot},
};

// Whether a row is written on (and read from) the public index.
constexpr bool on_public_side(const FilterDef& def) {
  return def.side == FilterSide::Both;
}

constexpr size_t count_facets() {
  size_t n = 0;
  for (const auto& f : kFilters) n += f.slot != kNoSlot ? 1 : 0;
  return n;
}
inline constexpr size_t kFacetCount = count_facets();
// The rows of kFilters that are facets, in table order.
constexpr std::array<const FilterDef*, kFacetCount> facet_defs() {
  std::array<const FilterDef*, kFacetCount> out{};
  size_t n = 0;
  for (const auto& f : kFilters)
    if (f.slot != kNoSlot) out[n++] = &f;
  return out;
}
inline constexpr auto kFacets = facet_defs();

// The row of a filter by name or by parameter; null when there is none.
const FilterDef* find_filter(std::string_view name);
const FilterDef* find_filter_param(std::string_view param);
// Whether `value` is one a filter of this kind can hold.
bool valid_filter_value(const FilterDef& def, std::string_view value);
// The values a filter without a facet slot offers to choose from (grounds, kinds of
// preservation, review dates): empty for the others (their values are counted, or
// are ids).
std::vector<std::string> filter_choices(const FilterDef& def);
// The latest review date (until) a DueBy value selects, counted from `today`;
// nullopt for a value that is not one of kReviewChoices.
std::optional<Ymd> due_by(std::string_view value, const Ymd& today);

// --- metadata ----------------------------------------------------------------------
// The catalog generation the index was built from; written in the same commit as
// the documents, as the last change before it.
inline constexpr char kGenerationKey[] = "monjo.generation";
inline constexpr char kSideKey[] = "monjo.side";  // "public" | "staff"

// --- document data -------------------------------------------------------------
// What a hit is rendered from without touching SQLite. `snippet_source` is the
// ORIGINAL text of the fields a snippet may show on this side (already filtered
// for the public side), joined with kSnippetSeparator.
struct StoredHit {
  std::string id;
  Level level = Level::Item;
  std::string title;
  std::string date_text;
  std::optional<DateInterval> date;
  std::string call_number;
  AccessStatus access = AccessStatus::Open;
  std::vector<std::pair<std::string, std::string>> path;  // (id, title), fonds → parent
  std::string snippet_source;
  // An open volume: its items whose access in force is not open (they state their
  // own restriction). 0 for the other records. Since format 2.
  long withheld_items = 0;
  // Public index only: the record's public view, what its public record page shows,
  // so that a read replica needs nothing but the index (docs/scaling.md). The fields
  // above are not repeated in it. Since format 3.
  std::optional<PublicRecord> view;
  long position = 0;  // among its siblings, as in the catalog (with the view)
};
inline constexpr char kSnippetSeparator[] = " / ";

// The version of encode_hit's format, the byte it starts with. An index also keeps
// it in its metadata (kHitFormatKey): one written in another format is out of step
// and rebuilt like one of another generation (docs/search.md, "Document data").
inline constexpr int kHitFormat = 3;
inline constexpr char kHitFormatKey[] = "monjo.hit_format";

// A compact length-prefixed encoding (a format version byte first).
std::string encode_hit(const StoredHit& hit);
// Reads this format, format 2 (without view) and format 1 (nor withheld_items), so that a server keeps
// answering from an index of the previous format until it is rebuilt. Throws
// archive::Error when the data is in neither.
StoredHit decode_hit(std::string_view data);

}  // namespace monjo::archive::index_schema
