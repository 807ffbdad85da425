// The layout of the two Xapian indexes (DESIGN §6), in one place: every term prefix,
// boolean filter, value slot and facet, plus the encoding of the per-document data a
// hit is rendered from. The writer (indexer/index_writer.cc) and the reader
// (archive/search/search.cc) both use these tables, so the two can never disagree
// (the habit of notmuch's lib/prefix.cc).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/dates/date.h"
#include "archive/catalog/record.h"

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
inline constexpr char kLevelPrefix[] = "XL";       // boolean: fonds | series | volume | item
inline constexpr char kFondsPrefix[] = "XF";       // boolean: id of the fonds (also on the fonds itself)
inline constexpr char kSeriesPrefix[] = "XS";      // boolean: id of every ancestor series (and itself)
inline constexpr char kDepartmentPrefix[] = "XE";  // boolean: department as catalogued
inline constexpr char kAccessPrefix[] = "XA";      // boolean: effective access status
inline constexpr char kDecadePrefix[] = "XY";      // boolean: decade of the start date ("1950")

// Every prefix, in one table. The query parser is configured by walking it.
inline constexpr PrefixDef kPrefixes[] = {
    {"id", kIdPrefix, PrefixKind::Boolean, "record id; one per document"},
    {"title", kTitlePrefix, PrefixKind::FreeText, "title (public side: publicTitle when present)"},
    {"name", kNamePrefix, PrefixKind::FreeText, "names of persons, organisations, places"},
    {"dept", kDeptTextPrefix, PrefixKind::FreeText, "department (作成部局), as words"},
    {"call", kCallTextPrefix, PrefixKind::FreeText, "call number (請求番号), as words"},
    {"level", kLevelPrefix, PrefixKind::Boolean, "level: fonds, series, volume, item"},
    {"fonds", kFondsPrefix, PrefixKind::Boolean, "fonds id of the record's subtree"},
    {"series", kSeriesPrefix, PrefixKind::Boolean, "id of each enclosing series"},
    {"", kDepartmentPrefix, PrefixKind::Boolean, "department, exact (filter and facet)"},
    {"access", kAccessPrefix, PrefixKind::Boolean, "effective access status"},
    {"decade", kDecadePrefix, PrefixKind::Boolean, "decade of the start date"},
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
};

std::string date_value(const Ymd& day);
std::string decade_value(const Ymd& day);
// "歴1-12" sorts before "歴1-100": digit runs are padded to 10 digits.
std::string call_number_sort_key(std::string_view call_number);

// --- facets ----------------------------------------------------------------------
struct FacetDef {
  const char* name;           // key in SearchResult::facets
  Xapian::valueno slot;       // counted with a ValueCountMatchSpy
  const char* filter_prefix;  // boolean prefix that filters on one of its values
};
inline constexpr FacetDef kFacets[] = {
    {"decade", kDecadeSlot, kDecadePrefix}, {"department", kDepartmentSlot, kDepartmentPrefix},
    {"level", kLevelSlot, kLevelPrefix},    {"access", kAccessSlot, kAccessPrefix},
    {"fonds", kFondsSlot, kFondsPrefix},
};

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
};
inline constexpr char kSnippetSeparator[] = " / ";

// A compact length-prefixed encoding (a format version byte first).
std::string encode_hit(const StoredHit& hit);
// Throws archive::Error when the data is not in this format.
StoredHit decode_hit(std::string_view data);

}  // namespace monjo::archive::index_schema
