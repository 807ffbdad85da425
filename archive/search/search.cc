// Search reader (the layout: archive/search/index_schema.h): turns a SearchRequest into a Xapian query over one of the
// two indexes and renders hits from the data stored in each document, never touching
// SQLite. The query text is normalized exactly as the indexed text was (so 國 finds
// 国), CJK runs are parenthesised to dodge a Xapian 1.4.22 parser bug, and snippets
// are drawn on the original text through the normalizer's offset map. Every Xapian
// error is caught here, once, and rethrown as a monjo error.
#include "archive/search/search.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/access_policy.h"
#include "archive/dates/timestamp.h"
#include "archive/search/federation.h"
#include "archive/search/index_parts.h"
#include "archive/search/index_schema.h"
#include "archive/search/normalize.h"
#include "archive/search/place_names.h"
#include "archive/search/query_syntax.h"
#include "archive/search/readings.h"
#include "archive/search/romaji.h"
#include "archive/search/search_cache.h"

namespace monjo::archive {

namespace fs = std::filesystem;
namespace schema = index_schema;

namespace {

constexpr size_t kSnippetChars = 120;  // characters of original text in a snippet
constexpr size_t kSnippetLead = 30;    // characters shown before the first match
constexpr Xapian::doccount kFacetValuesMax = 200;
// How much a whole citable number weighs against the words of the query (with_known_item).
constexpr double kKnownItemBoost = 20.0;
// A query of many words that finds nothing: the first so many are offered left out.
constexpr size_t kMaxDroppedWords = 5;

const char* side_name(IndexSide side) {
  return side == IndexSide::Public ? "public" : "staff";
}

bool is_space_at(std::string_view s, size_t i, size_t* len) {
  if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
    *len = 1;
    return true;
  }
  if (s.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000 IDEOGRAPHIC SPACE
    *len = 3;
    return true;
  }
  return false;
}

std::vector<std::string> split_whitespace(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    if (is_space_at(s, i, &len)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      i += len;
    } else {
      cur.push_back(s[i++]);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// AND, OR, NOT, XOR as the query parser knows them (full-width forms too).
std::optional<std::string> operator_word(const std::string& token) {
  static const std::pair<const char*, const char*> kOps[] = {
      {"AND", "AND"},    {"OR", "OR"},   {"NOT", "NOT"},    {"XOR", "XOR"},
      {"ＡＮＤ", "AND"}, {"ＯＲ", "OR"}, {"ＮＯＴ", "NOT"}, {"ＸＯＲ", "XOR"},
  };
  for (const auto& [word, op] : kOps) {
    if (token == word) return std::string(op);
  }
  return std::nullopt;
}

const schema::PrefixDef* field_of(std::string_view token, size_t* field_len) {
  size_t colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0) return nullptr;
  std::string_view name = token.substr(0, colon);
  for (const auto& def : schema::kPrefixes) {
    if (def.field[0] != '\0' && name == def.field) {
      *field_len = colon + 1;
      return &def;
    }
  }
  return nullptr;
}

bool contains_cjk(std::string_view s) {
  for (char32_t cp : utf8_to_u32(s)) {
    if (is_cjk(cp)) return true;
  }
  return false;
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return !is_cjk(cp);
}

struct HighlightTerm {
  std::string text;  // normalized
  bool cjk = false;  // a CJK run: matched as a substring; else as a whole word
};

// A plain query word that matches more than itself: a kana word also matches the
// readings of the text (docs/search.md, "Readings"), a place name also its earlier
// and later names (archive/search/place_names.h). In the parser's text the word is a
// placeholder, kExpansionMark and its index, replaced by the expanded query after
// parsing (expand()).
struct Expansion {
  std::string word;                 // normalized, as typed
  bool reading = false;             // all kana: also matched against readings
  std::vector<std::string> places;  // the other names of the place
  std::vector<std::string> romaji;  // a romanized word: the kana it may stand for (romaji.h)
};
constexpr char kExpansionMark[] = "monjoexpansion";

// The query text made ready for Xapian's parser, and the terms to highlight.
struct PreparedQuery {
  std::string parser_text;
  std::vector<HighlightTerm> highlights;
  std::vector<Expansion> expansions;
  std::vector<std::string> words;  // the plain words (for the zero-result suggestions)
};

// Hiragana (normalized kana) and ー only, at least two characters: a word typed by
// its sound. One kana is too short to say anything about a reading.
bool kana_word(std::string_view normalized) {
  const std::u32string chars = utf8_to_u32(normalized);
  if (chars.size() < 2) return false;
  for (char32_t c : chars) {
    if (!((c >= 0x3041 && c <= 0x3096) || c == 0x30FC)) return false;
  }
  return true;
}

void add_highlights(std::string_view core, std::vector<HighlightTerm>& out) {
  std::u32string text = utf8_to_u32(core);
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = text[i];
    if (is_cjk(cp)) {
      size_t j = i;
      while (j < text.size() && is_cjk(text[j])) ++j;
      out.push_back({u32_to_utf8(text.substr(i, j - i)), true});
      i = j;
    } else if (is_word_char(cp)) {
      size_t j = i;
      while (j < text.size() && is_word_char(text[j]) && !is_cjk(text[j])) ++j;
      out.push_back({u32_to_utf8(text.substr(i, j - i)), false});
      i = j;
    } else {
      ++i;
    }
  }
}

// `"予算"` → `予算`. Bigrams carry no positions (Xapian 1.4), so a quoted CJK run
// is a phrase over unigrams, checked position by position in every document that
// holds both characters (27 ms for `"予算" OR "決算"` at 10x). For exactly two
// characters the bigram term says the same thing, that they are adjacent in one run,
// without reading a position: the unquoted run parses to 予 AND 予算 AND 算.
std::string unquote_cjk_pair(const std::string& token) {
  const size_t open = token.find('"');
  if (open == std::string::npos) return token;
  const size_t close = token.find('"', open + 1);
  if (close == std::string::npos || token.find('"', close + 1) != std::string::npos) return token;
  const std::string inner = token.substr(open + 1, close - open - 1);
  const std::u32string chars = utf8_to_u32(inner);
  if (chars.size() != 2 || !is_cjk(chars[0]) || !is_cjk(chars[1])) return token;
  return token.substr(0, open) + inner + token.substr(close + 1);
}

// --- the parsed query -------------------------------------------------------------

// A term's text without its prefix (Xapian prefixes are upper-case ASCII), as
// characters when it is a CJK n-gram, else empty.
std::u32string cjk_gram(const std::string& term, std::string* prefix) {
  size_t p = 0;
  while (p < term.size() && term[p] >= 'A' && term[p] <= 'Z') ++p;
  std::u32string chars = utf8_to_u32(std::string_view(term).substr(p));
  for (char32_t c : chars) {
    if (!is_cjk(c)) return {};
  }
  *prefix = term.substr(0, p);
  return chars;
}

// The parser turns a CJK run into an AND of its unigrams and bigrams (`農地` → 農 AND
// 農地 AND 地). A bigram implies both of its characters under the same prefix (the
// writer emits all three from the same text), so the unigrams add nothing to what
// matches, only long posting lists to walk: 関する at 10x took 9.0 ms with them and
// 5.8 ms without. They are dropped wherever a bigram of the same AND covers them;
// relevance is then BM25 over the bigrams, as with Groonga's TokenBigram. A single
// character stays a unigram. Only operators without parameters are rebuilt (from
// the parser's own subqueries, so every term keeps its wqf and position); phrases
// and anything else are kept whole.
Xapian::Query without_covered_unigrams(const Xapian::Query& q) {
  const auto op = q.get_type();
  const bool rebuildable = op == Xapian::Query::OP_AND || op == Xapian::Query::OP_OR ||
                           op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_XOR ||
                           op == Xapian::Query::OP_AND_MAYBE || op == Xapian::Query::OP_FILTER ||
                           op == Xapian::Query::OP_SYNONYM || op == Xapian::Query::OP_MAX;
  if (!rebuildable) return q;
  std::vector<Xapian::Query> subs;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(without_covered_unigrams(q.get_subquery(i)));
  if (op == Xapian::Query::OP_AND) {
    // (prefix, character) pairs covered by a bigram of this AND.
    std::vector<std::pair<std::string, char32_t>> covered;
    for (const auto& sub : subs) {
      if (sub.get_type() != Xapian::Query::LEAF_TERM) continue;
      std::string prefix;
      const std::u32string gram = cjk_gram(*sub.get_terms_begin(), &prefix);
      if (gram.size() != 2) continue;
      covered.emplace_back(prefix, gram[0]);
      covered.emplace_back(prefix, gram[1]);
    }
    if (!covered.empty()) {
      std::vector<Xapian::Query> kept;
      for (const auto& sub : subs) {
        if (sub.get_type() == Xapian::Query::LEAF_TERM) {
          std::string prefix;
          const std::u32string gram = cjk_gram(*sub.get_terms_begin(), &prefix);
          if (gram.size() == 1 &&
              std::find(covered.begin(), covered.end(), std::make_pair(prefix, gram[0])) != covered.end()) {
            continue;
          }
        }
        kept.push_back(sub);
      }
      subs = std::move(kept);
    }
    if (subs.size() == 1) return subs.front();
  }
  return Xapian::Query(op, subs.begin(), subs.end());
}

// `places`: the place-name table, or null when the expansion is switched off.
// Replaces each placeholder term of an expansion (kExpansionMark + index) by its
// query `by[index]`. The placeholders stand where the parser puts plain words: under
// operators without parameters, which are rebuilt from their own subqueries.
Xapian::Query substitute(const Xapian::Query& q, const std::vector<Xapian::Query>& by) {
  const auto op = q.get_type();
  if (op == Xapian::Query::LEAF_TERM) {
    const std::string term = *q.get_terms_begin();
    if (term.rfind(kExpansionMark, 0) != 0) return q;
    const size_t i = std::strtoul(term.c_str() + sizeof(kExpansionMark) - 1, nullptr, 10);
    return i < by.size() ? by[i] : q;
  }
  const bool rebuildable = op == Xapian::Query::OP_AND || op == Xapian::Query::OP_OR ||
                           op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_XOR ||
                           op == Xapian::Query::OP_AND_MAYBE || op == Xapian::Query::OP_FILTER ||
                           op == Xapian::Query::OP_SYNONYM || op == Xapian::Query::OP_MAX;
  if (!rebuildable) return q;
  std::vector<Xapian::Query> subs;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(substitute(q.get_subquery(i), by));
  return Xapian::Query(op, subs.begin(), subs.end());
}

// Hits on the surface form rank above hits on a reading only (homophones must not
// bury the exact match): the surface side of a kana word carries a fixed weight
// larger than any weight its reading side can reach. A term's BM25 weight (Xapian's
// defaults, k1 = k3 = 1) is at most 2 x 2 x idf, and idf is below 17 up to 10^7
// documents: under 100 a term.
constexpr double kReadingTermBound = 100;
// An earlier or later name of a place counts half as much as the name typed.
constexpr double kPlaceNameWeight = 0.5;

// A plain Latin word that reads as romanized Japanese (romaji.h), three letters or
// more and two kana or more: the kana it may stand for. "onkyu" → おんきゆ, おんきゆう …
std::vector<std::string> romanized_readings(std::string_view core) {
  if (core.size() < 3) return {};
  std::vector<std::string> kana = romaji_readings(core);
  if (kana.empty() || !kana_word(kana.front())) return {};
  return kana;
}

PreparedQuery prepare_query(std::string_view raw, const PlaceNames* places, bool romanized) {
  PreparedQuery out;
  // A query that holds the placeholder's own spelling expands nothing.
  const bool may_expand = raw.find(kExpansionMark) == std::string_view::npos;
  bool in_quote = false;
  bool negate_next = false;
  for (const std::string& token : split_whitespace(raw)) {
    if (!out.parser_text.empty()) out.parser_text += ' ';
    if (!in_quote) {
      if (auto op = operator_word(token)) {
        out.parser_text += *op;
        negate_next = *op == "NOT";
        continue;
      }
    }
    // A boolean field's value is an exact id or code: kept as typed.
    size_t k = 0;
    while (k < token.size() && (token[k] == '+' || token[k] == '-' || token[k] == '(')) ++k;
    size_t field_len = 0;
    const schema::PrefixDef* field = field_of(std::string_view(token).substr(k), &field_len);
    std::string norm = field && field->kind == schema::PrefixKind::Boolean ? token : normalize(token);
    if (!in_quote && !(field && field->kind == schema::PrefixKind::Boolean)) norm = unquote_cjk_pair(norm);
    int quotes = static_cast<int>(std::count(norm.begin(), norm.end(), '"'));
    bool negated = negate_next || (!in_quote && !norm.empty() && norm[0] == '-');
    negate_next = false;

    // Parenthesise the CJK core: `abc 東京 def` otherwise throws in Xapian 1.4.22.
    size_t begin = 0;
    while (begin < norm.size() && (norm[begin] == '+' || norm[begin] == '-' || norm[begin] == '(')) ++begin;
    size_t flen = 0;
    const schema::PrefixDef* nfield = field_of(std::string_view(norm).substr(begin), &flen);
    size_t core_begin = begin + flen;
    size_t end = norm.size();
    while (end > core_begin && norm[end - 1] == ')') --end;
    std::string_view core = std::string_view(norm).substr(core_begin, end - core_begin);
    bool plain = quotes == 0 && !in_quote;
    // A word on its own (no field, sign or bracket): a kana word or a place name is
    // expanded.
    const bool bare = plain && !negated && core_begin == 0 && end == norm.size() && !core.empty();
    if (bare) out.words.emplace_back(core);
    Expansion expansion;
    if (bare && may_expand && contains_cjk(core)) {
      expansion.word = std::string(core);
      expansion.reading = kana_word(core);
      if (places) expansion.places = places->expand(core);
    } else if (bare && may_expand && romanized) {
      expansion.word = std::string(core);
      expansion.romaji = romanized_readings(core);
    }
    if (expansion.reading || !expansion.places.empty() || !expansion.romaji.empty()) {
      out.parser_text += kExpansionMark + std::to_string(out.expansions.size());
      for (const auto& name : expansion.places) out.highlights.push_back({name, true});
      out.expansions.push_back(std::move(expansion));
    } else if (plain && !core.empty() && contains_cjk(core)) {
      out.parser_text += norm.substr(0, core_begin);
      out.parser_text += '(';
      out.parser_text += core;
      out.parser_text += ')';
      out.parser_text += norm.substr(end);
    } else {
      out.parser_text += norm;
    }
    bool boolean_field = nfield && nfield->kind == schema::PrefixKind::Boolean;
    if (!negated && !boolean_field) {
      std::string stripped;
      for (char c : core) {
        if (c != '"' && c != '(' && c != ')') stripped.push_back(c);
      }
      add_highlights(stripped, out.highlights);
    }
    if (quotes % 2 == 1) in_quote = !in_quote;
  }
  return out;
}

// --- snippets ------------------------------------------------------------------------

bool utf8_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Moves `pos` back (n > 0) or forward over `n` characters.
size_t step_chars(std::string_view s, size_t pos, long n) {
  while (n < 0 && pos > 0) {
    --pos;
    while (pos > 0 && utf8_continuation(static_cast<unsigned char>(s[pos]))) --pos;
    ++n;
  }
  while (n > 0 && pos < s.size()) {
    ++pos;
    while (pos < s.size() && utf8_continuation(static_cast<unsigned char>(s[pos]))) ++pos;
    --n;
  }
  return pos;
}

bool ascii_word_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

using Range = std::pair<size_t, size_t>;

std::vector<Range> merge(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<Range> out;
  for (const auto& r : ranges) {
    if (r.first >= r.second) continue;
    if (!out.empty() && r.first <= out.back().second) {
      out.back().second = std::max(out.back().second, r.second);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::string make_snippet(const std::string& original, const std::vector<HighlightTerm>& terms) {
  if (original.empty()) return {};
  NormalizedText nt = normalize_with_map(original);
  const std::string& text = nt.text;
  std::vector<Range> found;
  for (const auto& term : terms) {
    if (term.text.empty()) continue;
    for (size_t pos = text.find(term.text); pos != std::string::npos; pos = text.find(term.text, pos + 1)) {
      size_t end = pos + term.text.size();
      if (!term.cjk) {
        bool left_ok = pos == 0 || !ascii_word_byte(text[pos - 1]);
        bool right_ok = end >= text.size() || !ascii_word_byte(text[end]);
        if (!left_ok || !right_ok) continue;
      }
      found.emplace_back(pos, end);
    }
  }
  std::vector<Range> marks;
  for (const auto& r : merge(found)) {
    auto [b, e] = nt.to_original(r.first, r.second);
    if (b < e) marks.emplace_back(b, e);
  }
  marks = merge(marks);

  size_t start = marks.empty() ? 0 : step_chars(original, marks.front().first, -static_cast<long>(kSnippetLead));
  size_t stop = step_chars(original, start, static_cast<long>(kSnippetChars));
  std::string out;
  if (start > 0) out += "…";
  size_t pos = start;
  for (const auto& [b, e] : marks) {
    if (e <= start) continue;
    if (b >= stop) break;
    size_t mb = std::max(b, start);
    size_t me = std::min(e, stop);
    append_escaped_markup(out, std::string_view(original).substr(pos, mb - pos));
    out += "<mark>";
    append_escaped_markup(out, std::string_view(original).substr(mb, me - mb));
    out += "</mark>";
    pos = me;
  }
  append_escaped_markup(out, std::string_view(original).substr(pos, stop - pos));
  if (stop < original.size()) out += "…";
  return out;
}

// --- facets ----------------------------------------------------------------------------

// The title of the record a facet value names (FacetLabel::RecordTitle), from its
// document: what this side's index holds, so the public side shows the public title.
std::string record_title(const Xapian::Database& db, const std::string& id) {
  std::string term = schema::boolean_term(schema::kIdPrefix, id);
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::string();
  return schema::decode_hit(db.get_document(*it).get_data()).title;
}

std::string facet_title(const Xapian::Database& db, const schema::FilterDef& def, const std::string& value) {
  return def.label == schema::FacetLabel::RecordTitle ? record_title(db, value) : std::string();
}

constexpr size_t kFacetCount = schema::kFacetCount;

// The facet values of every document of one index revision, as small codes by
// docid. Xapian's ValueCountMatchSpy decodes five values and updates five string
// maps per match, which was most of the cost of a faceted query (at 10x, 13 ms of
// a broad query's 15); with the columns a match costs five array reads. Read once
// per revision from the value streams and shared by every Searcher of the process
// on that revision.
struct FacetColumns {
  struct Column {
    std::vector<uint16_t> code;       // by docid; 0: no value
    std::vector<std::string> values;  // code - 1 → value
    std::vector<std::string> titles;  // code - 1 → record title (RecordTitle facets)
  };
  std::array<Column, kFacetCount> columns;
};

// More distinct values than a code can hold: counted the slow way instead.
constexpr size_t kMaxColumnValues = 65535;

std::shared_ptr<const FacetColumns> build_facet_columns(const Xapian::Database& db) {
  auto out = std::make_shared<FacetColumns>();
  const size_t size = static_cast<size_t>(db.get_lastdocid()) + 1;
  for (size_t f = 0; f < kFacetCount; ++f) {
    const auto& def = *schema::kFacets[f];
    FacetColumns::Column& column = out->columns[f];
    column.code.assign(size, 0);
    std::unordered_map<std::string, uint16_t> codes;
    for (auto it = db.valuestream_begin(def.slot); it != db.valuestream_end(def.slot); ++it) {
      const Xapian::docid did = it.get_docid();
      if (did >= size) continue;
      std::string value = *it;
      auto found = codes.find(value);
      if (found == codes.end()) {
        if (column.values.size() >= kMaxColumnValues) return nullptr;
        found = codes.emplace(value, static_cast<uint16_t>(column.values.size() + 1)).first;
        column.titles.push_back(facet_title(db, def, value));
        column.values.push_back(std::move(value));
      }
      column.code[did] = found->second;
    }
  }
  return out;
}

// One set of columns per open index revision, shared across threads; built by the
// first Searcher that needs it while the others wait.
std::shared_ptr<const FacetColumns> facet_columns_for(const std::string& key, const Xapian::Database& db) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const FacetColumns>> registry;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = registry.find(key);
  if (it != registry.end()) {
    if (auto columns = it->second.lock()) return columns;
  }
  for (auto e = registry.begin(); e != registry.end();) e = e->second.expired() ? registry.erase(e) : std::next(e);
  auto columns = build_facet_columns(db);
  if (columns) registry[key] = columns;
  return columns;
}

// Counts the facet values of every match from the columns.
class ColumnSpy : public Xapian::MatchSpy {
 public:
  explicit ColumnSpy(const FacetColumns& columns) : columns_(columns) {
    for (size_t f = 0; f < kFacetCount; ++f) counts_[f].assign(columns.columns[f].values.size() + 1, 0);
  }
  void operator()(const Xapian::Document& doc, double) override {
    ++seen_;
    const Xapian::docid did = doc.get_docid();
    for (size_t f = 0; f < kFacetCount; ++f) {
      const auto& code = columns_.columns[f].code;
      if (did < code.size()) ++counts_[f][code[did]];
    }
  }
  // The matches counted.
  Xapian::doccount seen() const { return seen_; }
  // The values with their counts, most frequent first, ties by value (the order
  // of ValueCountMatchSpy::top_values), at most `max`.
  std::vector<FacetValue> top(size_t f, size_t max) const {
    const auto& column = columns_.columns[f];
    std::vector<uint32_t> present;
    for (size_t c = 1; c < counts_[f].size(); ++c)
      if (counts_[f][c] > 0) present.push_back(static_cast<uint32_t>(c));
    auto order = [&](uint32_t a, uint32_t b) {
      if (counts_[f][a] != counts_[f][b]) return counts_[f][a] > counts_[f][b];
      return column.values[a - 1] < column.values[b - 1];
    };
    const size_t n = std::min(max, present.size());
    std::partial_sort(present.begin(), present.begin() + static_cast<long>(n), present.end(), order);
    std::vector<FacetValue> out;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t c = present[i];
      out.push_back(FacetValue{column.values[c - 1], column.titles[c - 1], static_cast<long>(counts_[f][c])});
    }
    return out;
  }

 private:
  const FacetColumns& columns_;
  std::array<std::vector<Xapian::doccount>, kFacetCount> counts_;
  Xapian::doccount seen_ = 0;
};

// --- the order of an index of parts ----------------------------------------------

// A weight rounded to 1e-9: over parts, Xapian sums a document's term weights in an
// order that depends on each part's own term frequencies, so two records that tie in
// the single index may differ in the last bit of their weights over parts, and swap.
long long rank_key(double weight) {
  return std::llround(weight * 1e9);
}

bool ranks_before(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
  const std::string ka = a.get_sort_key(), kb = b.get_sort_key();  // date order; empty by relevance
  if (ka != kb) return ka < kb;
  const long long wa = rank_key(a.get_weight()), wb = rank_key(b.get_weight());
  if (wa != wb) return wa > wb;
  return *a < *b;
}

// The hits [offset, offset + size) of a search over parts in the single index's order:
// sort key, weight to 1e-9, then document number (the parts number their documents as
// the single index: archive/search/index_parts.h). The ranking is read from the
// first hit and past the page until the run of ties at the page's last place ends,
// so that no tied record outside the window belongs on the page; a run longer than
// kTieWindowMax is cut there.
std::vector<Xapian::MSetIterator> split_stable_page(Xapian::Enquire& enquire, Xapian::doccount offset,
                                                    Xapian::doccount size, Xapian::doccount check_at_least,
                                                    Xapian::MSet& mset) {
  constexpr Xapian::doccount kTieMargin = 8;
  constexpr Xapian::doccount kTieWindowMax = 20000;
  const Xapian::doccount want = offset + size;
  Xapian::doccount fetch = want + kTieMargin;
  for (;;) {
    mset = enquire.get_mset(0, fetch, check_at_least);
    if (mset.size() < fetch || want == 0 || fetch >= kTieWindowMax) break;
    const Xapian::MSetIterator edge = mset[want - 1], last = mset[fetch - 1];
    const bool tied =
        edge.get_sort_key() == last.get_sort_key() && rank_key(edge.get_weight()) == rank_key(last.get_weight());
    // Unweighted matches (a filter alone, browsing) all weigh 0 exactly: Xapian's own
    // order, by record number, is already the single index's.
    if (!tied || edge.get_weight() == 0) break;
    fetch = std::min(kTieWindowMax, fetch * 4);
    // The facets were counted on the first pass (over every match); another pass
    // would count them again.
    enquire.clear_matchspies();
  }
  std::vector<Xapian::MSetIterator> all;
  for (auto it = mset.begin(); it != mset.end(); ++it) all.push_back(it);
  std::stable_sort(all.begin(), all.end(), ranks_before);
  std::vector<Xapian::MSetIterator> out;
  for (Xapian::doccount i = offset; i < want && i < all.size(); ++i) out.push_back(all[i]);
  return out;
}

// --- where the live database is -------------------------------------------------

// The database an index path names: the target of the symlink the writer swaps
// (index/public -> public.7), or, in the layout xapian-replicate keeps on a read
// replica (docs/scaling.md), the copy that the directory's stub file XAPIANDB names
// ("auto replica_0"; a full copy switches it to the next one).
fs::path live_index_dir(const fs::path& link, std::error_code& ec) {
  fs::path real = fs::canonical(link, ec);
  if (ec) return real;
  std::ifstream stub(real / "XAPIANDB");
  if (!stub) return real;
  std::string line;
  while (std::getline(stub, line)) {
    const std::string entry = trim(line);
    if (entry.empty() || entry[0] == '#') continue;
    const auto space = entry.find_first_of(" \t");
    const std::string name = space == std::string::npos ? entry : trim(entry.substr(space + 1));
    return fs::canonical(real / name, ec);
  }
  ec = std::make_error_code(std::errc::no_such_file_or_directory);
  return {};
}

// The file that every commit and every swap replaces: Xapian's version file of the
// live database (one stat() tells whether anything changed).
std::string version_file_of(const fs::path& link) {
  std::error_code ec;
  if (!fs::exists(link / "XAPIANDB", ec)) return (link / "iamglass").string();
  const fs::path live = live_index_dir(link, ec);
  return ec ? (link / "iamglass").string() : (live / "iamglass").string();
}

// --- damage ----------------------------------------------------------------------

// Errors that say the files cannot be read back (a truncated table, a bad block, a
// failing disk), as opposed to a writer having moved on (DatabaseModifiedError).
bool is_damage(const Xapian::Error& e) {
  const std::string type = e.get_type();
  return type == "DatabaseError" || type == "DatabaseCorruptError";
}

// "index/public.3" for <data>/index/public.3: what logs and /healthz may show.
std::string short_dir(const std::string& dir) {
  const fs::path p(dir);
  return (p.parent_path().filename() / p.filename()).string();
}

// The files of a glass database, each with its inode, size and times: a commit, a
// swap or damage done to a table changes it.
std::string fingerprint(const std::string& dir) {
  static const char* const kFiles[] = {"iamglass",       "postlist.glass", "docdata.glass", "termlist.glass",
                                       "position.glass", "spelling.glass", "synonym.glass"};
  std::string out;
  for (const char* name : kFiles) {
    struct stat st {};
    if (::stat((dir + "/" + name).c_str(), &st) != 0) {
      out += "-;";
      continue;
    }
    out += std::to_string(st.st_ino) + ',' + std::to_string(st.st_size) + ',' + std::to_string(st.st_mtim.tv_sec) +
           '.' + std::to_string(st.st_mtim.tv_nsec) + ',' + std::to_string(st.st_ctim.tv_sec) + '.' +
           std::to_string(st.st_ctim.tv_nsec) + ';';
  }
  return out;
}

struct DamageVerdict {
  std::string fingerprint;
  std::string problem;
};
std::mutex damage_mutex;
std::map<std::string, DamageVerdict> damage_verdicts;  // by directory
constexpr size_t kMaxVerdicts = 16;

// The table Xapian's check was looking at when it stopped: the last "name:" line.
std::string table_in(const std::string& check_output) {
  std::istringstream in(check_output);
  std::string line;
  std::string table;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == ':' && line.find(' ') == std::string::npos)
      table = line.substr(0, line.size() - 1);
  }
  return table;
}

}  // namespace

namespace {

// Runs Xapian's check on `dir` with damage_mutex held and keeps the verdict.
std::string check_locked(const std::string& dir, const std::string& before) {
  auto it = damage_verdicts.find(dir);
  if (it != damage_verdicts.end() && it->second.fingerprint == before) return it->second.problem;
  std::ostringstream out;
  std::string problem;
  try {
    const size_t errors = Xapian::Database::check(dir, 0, &out);
    if (errors > 0) {
      const std::string table = table_in(out.str());
      problem = short_dir(dir) + (table.empty() ? "" : "/" + table + ".glass") + ": " + std::to_string(errors) +
                " errors found by Xapian's check";
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    return {};  // a writer moved on meanwhile: nothing to say about this revision
  } catch (const Xapian::DatabaseOpeningError& e) {
    problem = short_dir(dir) + ": cannot be opened (" + e.get_msg() + ")";
  } catch (const Xapian::Error& e) {
    const std::string table = table_in(out.str());
    problem = short_dir(dir) + (table.empty() ? "" : "/" + table + ".glass") + ": " + e.get_msg();
  }
  // A verdict reached while a writer committed is not kept (nor a failure trusted).
  if (fingerprint(dir) != before) return {};
  if (damage_verdicts.size() >= kMaxVerdicts) damage_verdicts.clear();
  damage_verdicts[dir] = {before, problem};
  return problem;
}

// index_damage() unless another thread is checking: then nullopt, at once.
std::optional<std::string> index_damage_now_or_later(const std::string& dir) {
  const std::string before = fingerprint(dir);
  std::unique_lock<std::mutex> lock(damage_mutex, std::try_to_lock);
  if (!lock.owns_lock()) return std::nullopt;
  return check_locked(dir, before);
}

}  // namespace

std::string index_damage(const std::string& dir) {
  const std::string before = fingerprint(dir);
  std::lock_guard<std::mutex> lock(damage_mutex);
  return check_locked(dir, before);
}

namespace {

// A quick read of a revision just opened, before it replaces a good one: the
// metadata and postlist roots, the first and last document's data. It catches a
// truncated table; index_damage() is the thorough check.
void probe(const Xapian::Database& db) {
  db.get_metadata(schema::kGenerationKey);
  const Xapian::docid last = db.get_lastdocid();
  for (Xapian::docid id : {Xapian::docid(1), last}) {
    if (id == 0) continue;
    try {
      db.get_document(id).get_data();
    } catch (const Xapian::DocNotFoundError&) {
    }
  }
  auto term = db.allterms_begin();
  if (term != db.allterms_end()) {
    auto post = db.postlist_begin(*term);
    if (post != db.postlist_end(*term)) (void)*post;
  }
}

}  // namespace

struct Searcher::Impl {
  std::string data_dir;
  IndexSide side;
  fs::path link;
  std::string target;  // the directory the symlink pointed at when opened
  Xapian::Database db;
  std::optional<Xapian::QueryParser> query_parser;  // set up once per opened database
  uint64_t generation = 0;
  // What the version file looked like when the open revision was checked: while it
  // is unchanged, nothing was committed or swapped, and a request costs one stat().
  struct stat seen {};
  bool have_seen = false;
  // Total and facets of "everything, unfiltered" (the portal's home page), which
  // would otherwise count every document on each visit; valid for one open revision.
  std::optional<std::pair<long, std::map<std::string, std::vector<FacetValue>>>> browse_all;
  std::shared_ptr<const FacetColumns> facet_columns;  // of the open revision, once needed
  std::string revision_id;                            // see revision_key()
  std::shared_ptr<SearchResultCache> cache;
  // The place-name table (<data>/place-names.tsv), read again when the file changes;
  // a table that cannot be read leaves the last good one in use.
  PlaceNames places;
  std::string places_stamp;  // size, mtime and inode of the file read ("" none)
  // The analyzer for the reading suggestion of a search that found nothing (made
  // once needed; MeCab and the gazetteer of the data directory).
  std::unique_ptr<ReadingAnalyzer> analyzer;
  bool have_db = false;
  bool deferred = false;  // a new revision waits for its check (see verified())
  // Set when a newer revision could not be read and this one was kept, or when the
  // open revision failed a search: what was wrong (short_dir: cause).
  std::string damage;
  bool kept_old = false;
  // Set for an index of parts (archive/search/index_parts.h): db is their combination,
  // and the link, version file and target above are unused.
  std::unique_ptr<IndexParts> parts;
  // A federated search: each part's archive key (Searcher::set_part_labels), and the
  // positions of the parts that db holds, in its order (a hit's part is
  // db_order[(docid - 1) % db_order.size()]: add_database interleaves).
  std::vector<std::string> part_labels;
  std::vector<size_t> db_order;
  Xapian::Query last_query;  // the query of the last run(), for the archives' counts
  // Facet values' record titles (FacetLabel::RecordTitle) of the open revision: over
  // remote parts each title is two round trips, and a page shows a dozen.
  std::unordered_map<std::string, std::string> facet_titles;

  Impl(std::string dir, IndexSide s) : data_dir(std::move(dir)), side(s) {
    link = fs::path(data_dir) / "index" / side_name(side);
  }
  Impl(std::vector<std::string> urls, IndexSide s, std::string dir)
      : data_dir(std::move(dir)), side(s), parts(std::make_unique<IndexParts>(std::move(urls))) {}

  // An index of parts: open what answers, and take the combination.
  void open_parts() {
    parts->open_all();
    take_parts();
  }
  void take_parts() {
    db = parts->combined();
    db_order = parts->open_order();
    have_db = parts->open_count() > 0;
    query_parser.reset();
    read_generation();
  }

  std::string resolve() const {
    std::error_code ec;
    fs::path real = live_index_dir(link, ec);
    if (ec)
      throw Error(std::string("the ") + side_name(side) + " search index has not been built (run `monjo reindex`)");
    return real.string();
  }

  // Called whenever the open revision changes.
  void read_generation() {
    browse_all.reset();
    facet_titles.clear();
    facet_columns.reset();
    revision_id =
        parts ? parts->revision_id() : target + '\n' + db.get_uuid() + '\n' + std::to_string(db.get_revision()) + '\n';
    std::string g = parts && !have_db ? std::string() : db.get_metadata(schema::kGenerationKey);
    generation = g.empty() ? 0 : std::stoull(g);
  }

  [[noreturn]] void throw_damaged(const std::string& problem) const {
    throw IndexDamaged(std::string("the ") + side_name(side) + " search index is damaged (run `monjo reindex`)",
                       problem);
  }

  std::string problem_of(const std::string& dir, const Xapian::Error& e) const {
    std::string found = index_damage(dir);
    return found.empty() ? short_dir(dir) + ": " + e.get_msg() : found;
  }

  // Opens what the link points at. A revision that cannot be read does not replace
  // a good one: the Searcher keeps what it has and remembers why (damage).
  void open() {
    if (parts) return open_parts();
    // A rebuild may remove the directory between resolving and opening: retry once.
    for (int attempt = 0;; ++attempt) {
      std::string real = resolve();
      try {
        Xapian::Database fresh(real, Xapian::DB_BACKEND_GLASS);
        probe(fresh);
        if (!verified(real)) return;
        db = std::move(fresh);
        have_db = true;
        damage.clear();
        kept_old = false;
        target = real;
        query_parser.reset();
        read_generation();
        return;
      } catch (const Xapian::DatabaseOpeningError& e) {
        if (attempt == 0) continue;
        if (!have_db) throw;
        keep_old(problem_of(real, e));
        return;
      } catch (const Xapian::Error& e) {
        if (!is_damage(e)) throw;
        if (!have_db) throw_damaged(problem_of(real, e));
        keep_old(problem_of(real, e));
        return;
      }
    }
  }

  // Whether a new revision in `dir` may replace the open one: Xapian's check of it
  // passed (once per revision and process). The first revision a Searcher opens is
  // only probed: with nothing to fall back on, damage found later answers the same.
  // A Searcher does not wait while another thread runs the check: it keeps
  // answering from what it has and looks again on the next request (deferred).
  bool verified(const std::string& dir) {
    if (!have_db) return true;
    const std::optional<std::string> problem = index_damage_now_or_later(dir);
    if (!problem) {
      deferred = true;
      return false;
    }
    if (problem->empty()) return true;
    keep_old(*problem);
    return false;
  }

  void keep_old(std::string problem) {
    damage = std::move(problem);
    kept_old = true;
  }

  // An in-place commit (an import of some fonds, a review, a record saved on the
  // staff pages) of the open directory: reopen to it unless the probe cannot read it.
  // Not the thorough check: it reads every block of the index (about a second at 1×,
  // minutes at 100×) and would keep every save out of search that long; the commit
  // changed the blocks of a few documents, written by our own writer a moment ago.
  // health() still runs the thorough check (on demand, cached per revision), and a
  // search that meets a damaged block says so. A new directory (a rebuild) is
  // checked whole before it replaces a good one (verified()).
  void reopen_in_place() {
    Xapian::Database fresh;
    try {
      fresh = Xapian::Database(target, Xapian::DB_BACKEND_GLASS);
      probe(fresh);
    } catch (const Xapian::Error& e) {
      if (!is_damage(e)) throw;
      keep_old(problem_of(target, e));
      return;
    }
    if (fresh.get_revision() == db.get_revision() && fresh.get_uuid() == db.get_uuid()) return;
    db = std::move(fresh);
    damage.clear();
    kept_old = false;
    query_parser.reset();
    read_generation();
  }

  IndexHealth health() {
    IndexHealth h;
    if (parts) {
      const auto missing = parts->missing();
      h.ok = missing.empty();
      for (const auto& m : missing) h.problem += (h.problem.empty() ? "" : ", ") + m + ": not answering";
      h.serving = have_db;
      h.generation = generation;
      if (have_db) h.documents = static_cast<long>(db.get_doccount());
      return h;
    }
    std::error_code ec;
    const fs::path real = live_index_dir(link, ec);
    std::string problem;
    if (ec) {
      problem = std::string("index/") + side_name(side) + ": missing";
    } else {
      problem = index_damage(real.string());
    }
    if (problem.empty() && !damage.empty() && !kept_old) problem = damage;
    h.ok = problem.empty();
    h.problem = problem;
    const bool open_is_damaged = !h.ok && !kept_old && !ec && real.string() == target;
    if (have_db && !open_is_damaged) {
      try {
        h.documents = static_cast<long>(db.get_doccount());
        h.generation = generation;
        h.serving = true;
      } catch (const Xapian::Error&) {
        h.serving = false;
      }
    }
    return h;
  }

  static bool same_file_state(const struct stat& a, const struct stat& b) {
    return a.st_ino == b.st_ino && a.st_dev == b.st_dev && a.st_size == b.st_size &&
           a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
           a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
  }

  // Picks up a swapped or committed index; true when the generation changed or the
  // symlink moved.
  bool refresh() {
    if (parts) {
      if (!parts->refresh()) return false;
      take_parts();
      return true;
    }
    struct stat now {};
    const bool stat_ok = ::stat(version_file_of(link).c_str(), &now) == 0;
    if (stat_ok && have_seen && same_file_state(now, seen)) return false;
    uint64_t before = generation;
    const std::string before_target = target;
    deferred = false;
    std::error_code ec;
    const fs::path real = live_index_dir(link, ec);
    if (!ec && real.string() != target) {
      open();
    } else if (!ec) {
      reopen_in_place();
    }
    bool changed = target != before_target || generation != before;
    if (stat_ok && !deferred) {
      seen = now;
      have_seen = true;
    }
    return changed;
  }

  // The open revision: directory, database UUID (a rebuild may reuse a directory
  // name and reach the same revision number) and revision.
  const std::string& revision_key() const { return revision_id; }

  // The open index, identified for the result cache (with the place-name table
  // read, which changes what a query matches).
  std::string cache_epoch() const {
    return std::string(side_name(side)) + '\n' + revision_key() + std::to_string(generation) + '\n' + places_stamp +
           '\n';
  }

  void refresh_places() {
    const std::string path = PlaceNames::path_for(data_dir);
    struct stat st;
    std::string stamp;
    if (::stat(path.c_str(), &st) == 0) {
      stamp = std::to_string(st.st_size) + ':' + std::to_string(st.st_mtim.tv_sec) + '.' +
              std::to_string(st.st_mtim.tv_nsec) + ':' + std::to_string(st.st_ino);
    }
    if (stamp == places_stamp) return;
    try {
      places = stamp.empty() ? PlaceNames() : PlaceNames::load(path);
      places_stamp = stamp;
    } catch (const Error&) {
      // Keep the table in use; `monjo check` names the bad line.
    }
  }

  // A run of normalized text parsed alone, as the parser makes a word of it, with
  // its terms under `prefix` ("" for the text itself).
  Xapian::Query parse_run(const std::string& word, unsigned flags, const std::string& prefix) {
    return without_covered_unigrams(parser().parse_query("(" + word + ")", flags, prefix));
  }

  // The query each expansion's placeholder stands for, and each place name's own.
  Xapian::Query expansion_query(const Expansion& e, unsigned flags, std::vector<Xapian::Query>* name_queries) {
    Xapian::Query q = parse_run(e.word, flags, "");
    if (e.reading) {
      const Xapian::Query reading = parse_run(e.word, flags, schema::kReadingPrefix);
      const double boost = kReadingTermBound * (1.0 + static_cast<double>(reading.get_length()));
      Xapian::Query fixed((new Xapian::FixedWeightPostingSource(boost))->release());
      q = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_AND, q, fixed), reading);
    }
    if (!e.romaji.empty()) {
      // The Latin word as written first, then each kana it may stand for, in the text
      // (fixed weight, as a kana word's surface) or in the readings.
      std::vector<Xapian::Query> sides;
      auto fixed = [](const Xapian::Query& side) {
        const double boost = kReadingTermBound * (1.0 + static_cast<double>(side.get_length()));
        return Xapian::Query(Xapian::Query::OP_AND, side,
                             Xapian::Query((new Xapian::FixedWeightPostingSource(boost))->release()));
      };
      sides.push_back(fixed(q));
      for (const auto& kana : e.romaji) {
        const Xapian::Query reading = parse_run(kana, flags, schema::kReadingPrefix);
        name_queries->push_back(Xapian::Query(Xapian::Query::OP_OR, parse_run(kana, flags, ""), reading));
        sides.push_back(fixed(parse_run(kana, flags, "")));
        sides.push_back(reading);
      }
      q = Xapian::Query(Xapian::Query::OP_OR, sides.begin(), sides.end());
    }
    if (!e.places.empty()) {
      for (const auto& name : e.places) name_queries->push_back(parse_run(name, flags, ""));
      Xapian::Query names(Xapian::Query::OP_OR, name_queries->begin(), name_queries->end());
      q = Xapian::Query(Xapian::Query::OP_OR, q,
                        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, names, kPlaceNameWeight));
    }
    return q;
  }

  // How many records a changed request finds (for the zero-result suggestions), and
  // whether that is exact (past kExactCountUpTo it is Xapian's estimate).
  std::pair<long, bool> count_of(SearchRequest r) {
    r.facets = false;
    r.snippets = false;
    r.page = 1;
    r.page_size = 1;
    r.suggest = false;
    const SearchResult found = run(r);
    return {found.total, found.total_exact};
  }

  // A search that found nothing: what would find something, each with its count.
  std::vector<Suggestion> suggest(const SearchRequest& req, const SearchResult& result, const PreparedQuery& prepared) {
    std::vector<Suggestion> out;
    auto offer = [&](Suggestion::Kind kind, SearchRequest r, std::string dropped) {
      const auto [n, exact] = count_of(r);
      if (n > 0) out.push_back(Suggestion{kind, r.query, std::move(dropped), n, exact});
    };
    // The words as they were typed, when the query is nothing but plain words (no
    // operators, fields or quotes): one may be read or left out.
    const std::string rest = result.query_date ? result.query_date->rest : req.query;
    const std::string date_text = result.query_date ? result.query_date->expression : std::string();
    const bool plain_words = prepared.words.size() == split_whitespace(rest).size();
    auto with_words = [&](const std::vector<std::string>& words) {
      std::string q;
      for (const auto& w : words) q += (q.empty() ? "" : " ") + w;
      if (!date_text.empty()) q += (q.empty() ? "" : " ") + date_text;
      return q;
    };
    if (plain_words && !prepared.words.empty()) {
      // The reading of a word written in kanji: 恩級 (a wrong kanji, the right sound)
      // becomes おんきゆう, which finds 恩給 by its reading.
      std::vector<std::string> read = prepared.words;
      bool changed = false;
      for (auto& w : read) {
        if (kana_word(w) || !contains_cjk(w)) continue;
        if (!analyzer) {
          analyzer =
              std::make_unique<ReadingAnalyzer>(std::make_shared<const Gazetteer>(Gazetteer::for_data_dir(data_dir)));
        }
        const std::string kana = analyzer->reading(w);
        if (!kana.empty() && kana.find(' ') == std::string::npos && kana != w) {
          w = kana;
          changed = true;
        }
      }
      if (changed) {
        SearchRequest r = req;
        r.query = with_words(read);
        offer(Suggestion::Kind::Reading, r, "");
      }
      if (prepared.words.size() >= 2) {
        for (size_t i = 0; i < prepared.words.size() && i < kMaxDroppedWords; ++i) {
          std::vector<std::string> fewer = prepared.words;
          fewer.erase(fewer.begin() + static_cast<long>(i));
          SearchRequest r = req;
          r.query = with_words(fewer);
          offer(Suggestion::Kind::DropWord, r, prepared.words[i]);
        }
      }
    }
    for (const auto& [name, values] : req.filters) {
      const schema::FilterDef* def = schema::find_filter(name);
      if (values.empty() || !def || (side == IndexSide::Public && !schema::on_public_side(*def))) continue;
      SearchRequest r = req;
      r.filters.erase(name);
      offer(Suggestion::Kind::DropFilter, r, name);
    }
    if (req.from || req.to || result.query_date) {
      SearchRequest r = req;
      r.from.reset();
      r.to.reset();
      r.query = rest;
      offer(Suggestion::Kind::DropDates, r, date_text);
    }
    return out;
  }

  Xapian::QueryParser& parser() {
    if (query_parser) return *query_parser;
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_default_op(Xapian::Query::OP_AND);
    for (const auto& def : schema::kPrefixes) {
      if (def.field[0] == '\0') continue;
      if (def.kind == schema::PrefixKind::FreeText) {
        qp.add_prefix(def.field, def.prefix);
      } else {
        qp.add_boolean_prefix(def.field, def.prefix);
      }
    }
    query_parser = qp;
    return *query_parser;
  }

  std::string titled(const schema::FilterDef& def, const std::string& value) {
    if (def.label != schema::FacetLabel::RecordTitle) return std::string();
    const std::string key = std::string(def.name) + '\n' + value;
    auto it = facet_titles.find(key);
    if (it != facet_titles.end()) return it->second;
    if (facet_titles.size() > 10000) facet_titles.clear();
    return facet_titles[key] = facet_title(db, def, value);
  }

  const FacetColumns* columns() {
    // The columns are indexed by document number, and a match spy over several
    // databases sees each one's own numbers: parts count with ValueCountMatchSpy.
    if (parts) return nullptr;
    if (!facet_columns) facet_columns = facet_columns_for(revision_key(), db);
    return facet_columns.get();
  }

  Xapian::Query filters(const SearchRequest& req, const std::optional<QueryDate>& query_date) const {
    std::vector<Xapian::Query> parts;
    for (const auto& [name, values] : req.filters) {
      const schema::FilterDef* def = schema::find_filter(name);
      if (!def || values.empty()) continue;
      // The public index holds no staff-only terms or values: such a filter is ignored.
      if (side == IndexSide::Public && !schema::on_public_side(*def)) continue;
      std::vector<Xapian::Query> terms;
      for (const auto& v : values) {
        if (def->match == schema::FilterMatch::Terms) {
          terms.emplace_back(schema::boolean_term(def->prefix, v));
        } else if (auto last = schema::due_by(v, req.today.value_or(japan_day(now_seconds())))) {
          terms.emplace_back(Xapian::Query::OP_VALUE_LE, def->range_slot, schema::date_value(*last));
        }
      }
      // No valid value: a term no document has (the id prefix alone), so nothing matches.
      if (terms.empty()) terms.emplace_back(std::string(schema::kIdPrefix));
      parts.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    // Overlap of [start, end] with [from, to]: start <= to and end >= from.
    auto overlap = [&](const std::optional<Ymd>& from, const std::optional<Ymd>& to) {
      if (to) parts.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kStartSlot, schema::date_value(*to));
      if (from) parts.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kEndSlot, schema::date_value(*from));
    };
    if (req.from || req.to) {
      overlap(req.from ? std::optional<Ymd>(req.from->start) : std::nullopt,
              req.to ? std::optional<Ymd>(req.to->end) : std::nullopt);
    }
    if (query_date) overlap(query_date->interval.start, query_date->interval.end);
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  }

  std::optional<IndexedView> view_of(const std::string& id) {
    const std::string term = schema::boolean_term(schema::kIdPrefix, id);
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    schema::StoredHit hit = schema::decode_hit(db.get_document(*it).get_data());
    if (!hit.view) return std::nullopt;
    return IndexedView{std::move(*hit.view), std::move(hit.path), hit.position};
  }

  std::vector<IndexedView> children_of(const std::string& id) {
    std::vector<IndexedView> out;
    const std::string term = schema::boolean_term(schema::kParentPrefix, id);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      schema::StoredHit hit = schema::decode_hit(db.get_document(*it).get_data());
      if (hit.view) out.push_back(IndexedView{std::move(*hit.view), std::move(hit.path), hit.position});
    }
    std::sort(out.begin(), out.end(), [](const IndexedView& a, const IndexedView& b) {
      return a.position != b.position ? a.position < b.position : a.record.id < b.record.id;
    });
    return out;
  }

  SearchResult search(const SearchRequest& request) {
    refresh();
    refresh_places();
    if (parts) return search_parts(request);
    try {
      try {
        return run(request);
      } catch (const Xapian::DatabaseModifiedError&) {
        // The index moved on under us (an update committed): read the new revision.
        db.reopen();
        read_generation();
        return run(request);
      }
    } catch (const Xapian::Error& e) {
      if (!is_damage(e)) throw;
      // The open revision itself cannot be read: nothing good to fall back on.
      damage = problem_of(target, e);
      kept_old = false;
      throw_damaged(damage);
    }
  }

  // A search over parts: a part that stops answering mid-search is left out and the
  // search run again over the rest (at most once a part); the result names the
  // parts it lacks.
  SearchResult search_parts(const SearchRequest& request) {
    for (size_t attempt = 0;; ++attempt) {
      if (!have_db) throw Error("no part of the search index answers");
      try {
        SearchResult r = part_labels.empty() ? run(request) : run_federated(request);
        r.missing_parts = parts->missing_numbers();
        r.part_count = static_cast<int>(parts->urls().size());
        return r;
      } catch (const Xapian::NetworkError&) {
        if (attempt >= parts->urls().size() || !parts->recover()) throw;
        take_parts();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= parts->urls().size()) throw;
        parts->refresh();
        take_parts();
      }
    }
  }

  // A federated search: kept to the archives asked for (a database of their parts
  // alone, for this search), and each archive's matches counted on its own part.
  SearchResult run_federated(const SearchRequest& request) {
    const auto asked = request.filters.find(kArchiveFilter);
    SearchResult r;
    if (asked != request.filters.end() && !asked->second.empty()) {
      std::vector<size_t> which;
      for (size_t i = 0; i < part_labels.size(); ++i) {
        if (std::find(asked->second.begin(), asked->second.end(), part_labels[i]) != asked->second.end())
          which.push_back(i);
      }
      db = parts->combined_of(which, db_order);
      query_parser.reset();
      browse_all.reset();  // the whole collection's, not these archives'; take_parts() drops it again
      try {
        r = run(request);
      } catch (...) {
        take_parts();
        throw;
      }
      take_parts();
    } else {
      r = run(request);
    }
    if (!request.facets) return r;
    std::vector<FacetValue> counts;
    for (size_t i : parts->open_order()) {
      const Xapian::Database& part = parts->part(i);
      Xapian::Enquire each(part);
      each.set_query(last_query);
      const Xapian::doccount check =
          request.exact
              ? part.get_doccount()
              : std::min<Xapian::doccount>(part.get_doccount(), static_cast<Xapian::doccount>(kExactCountUpTo));
      const auto n = each.get_mset(0, 0, check).get_matches_estimated();
      if (n > 0) counts.push_back(FacetValue{part_labels[i], {}, static_cast<long>(n)});
    }
    std::stable_sort(counts.begin(), counts.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    r.facets[kArchiveFilter] = std::move(counts);
    return r;
  }

  // A query that is one whole citable number (歴1-0002, call:歴1-0002-010) names a
  // record: that record ranks first. The exact term is OR-ed in with a weight: a record
  // with a stated number matches the words too, an item with a derived one only this
  // term (its number is not indexed as words: indexer/index_writer.cc, common()).
  Xapian::Query with_known_item(const Xapian::Query& query, std::string_view text) {
    const std::vector<std::string> words = split_whitespace(text);
    if (words.size() != 1) return query;
    std::string token = words.front();
    constexpr std::string_view kCall = "call:";
    if (token.compare(0, kCall.size(), kCall) == 0) token.erase(0, kCall.size());
    if (token.empty()) return query;
    const std::string term = schema::boolean_term(schema::kCallExactPrefix, normalize(token));
    if (!db.term_exists(term)) return query;
    return Xapian::Query(Xapian::Query::OP_OR, query,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), kKnownItemBoost));
  }

  SearchResult run(const SearchRequest& req) {
    SearchResult result;
    result.page_size = clamped_page_size(req);
    result.page = clamped_page(req);

    std::string text = req.query;
    result.query_date = extract_query_date(text);
    result.query_date_rejected = query_date_rejection(text);
    if (result.query_date) text = result.query_date->rest;
    PreparedQuery prepared =
        prepare_query(text, req.expand_places && !places.empty() ? &places : nullptr, req.expand_places);
    if (has_dangling_operator(prepared.parser_text)) throw Xapian::QueryParserError("dangling operator");

    Xapian::Query query;
    std::vector<std::vector<Xapian::Query>> place_queries;  // per expansion, the query of each other name
    if (!prepared.parser_text.empty()) {
      const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_BOOLEAN |
                             Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE |
                             Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;
      query = without_covered_unigrams(parser().parse_query(prepared.parser_text, flags));
      if (!prepared.expansions.empty()) {
        std::vector<Xapian::Query> by;
        for (const auto& e : prepared.expansions) {
          by.push_back(expansion_query(e, flags, &place_queries.emplace_back()));
        }
        query = substitute(query, by);
      }
    }
    // Not Xapian::Query::MatchAll: a static whose reference count (not atomic) every
    // worker thread would bump at once; a crash under load with 32 connections.
    if (query.empty()) query = Xapian::Query(std::string());
    query = with_known_item(query, text);
    Xapian::Query filter = filters(req, result.query_date);
    if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);

    last_query = query;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    Xapian::MultiValueKeyMaker by_date;
    if (req.sort != SortOrder::Relevance) {
      bool descending = req.sort == SortOrder::DateDescending;
      // Undated records go last either way.
      by_date.add_value(schema::kStartSlot, descending, descending ? std::string() : std::string("\xff"));
      by_date.add_value(schema::kCallSortSlot, false, std::string("\xff"));
      enquire.set_sort_by_key_then_relevance(&by_date, false);
    }
    bool everything = query.get_type() == Xapian::Query::LEAF_MATCH_ALL;
    bool cached = req.facets && everything && browse_all;
    std::unique_ptr<ColumnSpy> column_spy;
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    if (req.facets && !cached) {
      if (const FacetColumns* columns = this->columns()) {
        column_spy = std::make_unique<ColumnSpy>(*columns);
        enquire.add_matchspy(column_spy.get());
      } else {
        for (const auto* def : schema::kFacets) {
          spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(def->slot));
          enquire.add_matchspy(spies.back().get());
        }
      }
    }
    const bool counting = column_spy || !spies.empty();
    // How many matches Xapian must check (checkatleast). Up to kExactCountUpTo
    // (search_request.h) every match is checked, so a total and facet counts up to
    // it are exact; past it Xapian stops counting once it has that many and the
    // page's hits are certain (it skips only what cannot reach the page), and the
    // total is its estimate with bounds (docs/search.md, "Counting"). Checked all:
    // a request for exact counts, and the unfiltered browse with facets (the home
    // page), counted once per revision and kept (browse_all).
    // Two cases know the total without counting: everything (the document count)
    // and a single term (its frequency); asked for 0, Xapian ranks a single term 3x
    // faster. A second, counting-only pass for the other queries was measured and
    // lost: phrases, date ranges and filters cost as much to count as to rank.
    Xapian::doccount all = db.get_doccount();
    Xapian::doccount offset = static_cast<Xapian::doccount>((result.page - 1) * result.page_size);
    const bool known_total = everything || query.get_type() == Xapian::Query::LEAF_TERM;
    Xapian::doccount check = req.exact || (everything && counting)
                                 ? all
                                 : std::min<Xapian::doccount>(all, static_cast<Xapian::doccount>(kExactCountUpTo));
    if (known_total && !counting) check = 0;
    const auto page_size = static_cast<Xapian::doccount>(result.page_size);
    Xapian::MSet mset;
    std::vector<Xapian::MSetIterator> page;
    if (parts) {
      page = split_stable_page(enquire, offset, page_size, check, mset);
    } else {
      mset = enquire.get_mset(offset, page_size, check);
      for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
    }
    if (everything) {
      result.total = result.total_lower = result.total_upper = static_cast<long>(all);
    } else {
      result.total = static_cast<long>(mset.get_matches_estimated());
      result.total_lower = static_cast<long>(mset.get_matches_lower_bound());
      result.total_upper = static_cast<long>(mset.get_matches_upper_bound());
      result.total_exact = result.total_lower == result.total_upper;
    }
    // Facet counts when Xapian did not check every match (a total past the threshold,
    // or a single term, whose total is its frequency): each value's share of the
    // matches checked, times the total.
    const Xapian::doccount counted = column_spy ? column_spy->seen() : (spies.empty() ? 0 : spies.front()->get_total());
    const bool scale = counting && static_cast<long>(counted) < result.total;
    if (scale) result.facets_exact = false;
    if (cached) {
      result.facets = browse_all->second;
    }

    for (const auto& it : page) {
      schema::StoredHit stored = schema::decode_hit(it.get_document().get_data());
      SearchHit hit;
      hit.id = std::move(stored.id);
      hit.level = stored.level;
      hit.title = std::move(stored.title);
      hit.date_text = std::move(stored.date_text);
      hit.date = stored.date;
      hit.call_number = std::move(stored.call_number);
      hit.path = std::move(stored.path);
      hit.access = stored.access;
      hit.withheld_items = stored.withheld_items;
      hit.score = it.get_weight();
      if (!part_labels.empty() && !db_order.empty()) hit.archive = part_labels[db_order[(*it - 1) % db_order.size()]];
      if (req.snippets) hit.snippet_html = make_snippet(stored.snippet_source, prepared.highlights);
      result.hits.push_back(std::move(hit));
    }

    for (size_t i = 0; counting && i < kFacetCount; ++i) {
      const auto& def = *schema::kFacets[i];
      if (side == IndexSide::Public && !schema::on_public_side(def)) continue;
      std::vector<FacetValue> values;
      if (column_spy) {
        values = column_spy->top(i, kFacetValuesMax);
      } else {
        for (auto v = spies[i]->top_values_begin(kFacetValuesMax); v != spies[i]->top_values_end(kFacetValuesMax);
             ++v) {
          values.push_back(FacetValue{*v, titled(def, *v), static_cast<long>(v.get_termfreq())});
        }
      }
      if (scale && counted > 0) {
        const double factor = static_cast<double>(result.total) / static_cast<double>(counted);
        for (auto& v : values) v.count = std::max(1L, std::lround(static_cast<double>(v.count) * factor));
      }
      if (def.order == schema::FacetOrder::ByNumber) {
        std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
          return std::strtol(a.value.c_str(), nullptr, 10) < std::strtol(b.value.c_str(), nullptr, 10);
        });
      }
      result.facets[def.name] = std::move(values);
    }
    if (everything && req.facets && !cached) browse_all.emplace(result.total, result.facets);
    // Which other names of a place found records (the page says 「上溝 を含む: 上溝村, 上溝町」),
    // and which romanized words found records by their kana.
    for (size_t i = 0; result.total > 0 && i < prepared.expansions.size(); ++i) {
      const Expansion& e = prepared.expansions[i];
      if (!e.romaji.empty()) {
        Xapian::Query either(Xapian::Query::OP_OR, place_queries[i].begin(), place_queries[i].end());
        Xapian::Enquire probe(db);
        probe.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, either));
        if (probe.get_mset(0, 0, 1).get_matches_lower_bound() > 0) {
          result.romanized.push_back(RomanizedWord{e.word, romaji_to_kana(e.word).value_or(e.romaji.front())});
        }
        continue;
      }
      PlaceExpansion found{e.word, {}};
      for (size_t j = 0; j < e.places.size(); ++j) {
        Xapian::Enquire probe(db);
        probe.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, place_queries[i][j]));
        if (probe.get_mset(0, 0, 1).get_matches_lower_bound() > 0) found.names.push_back(e.places[j]);
      }
      if (!found.names.empty()) result.expansions.push_back(std::move(found));
    }
    if (result.total == 0 && req.suggest) result.suggestions = suggest(req, result, prepared);
    return result;
  }
};

namespace {

// The one place where Xapian errors become monjo errors. Messages carry no paths.
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Xapian::QueryParserError&) {
    throw InputError("could not understand the query");
  } catch (const Xapian::DatabaseOpeningError&) {
    throw Error("the search index could not be opened (run `monjo reindex`)");
  } catch (const Xapian::Error& e) {
    if (is_damage(e)) throw IndexDamaged("the search index is damaged (run `monjo reindex`)", e.get_msg());
    throw Error(std::string("search failed (") + e.get_type() + ": " + e.get_msg() + ")");
  }
}

}  // namespace

Searcher::Searcher(const std::string& data_dir, IndexSide side) : impl_(std::make_unique<Impl>(data_dir, side)) {
  guarded([&] { impl_->open(); });
}

Searcher::Searcher(const std::vector<std::string>& parts, IndexSide side, const std::string& data_dir)
    : impl_(std::make_unique<Impl>(parts, side, data_dir)) {
  guarded([&] { impl_->open(); });
}

void Searcher::set_part_labels(std::vector<std::string> labels) {
  impl_->part_labels = std::move(labels);
  if (impl_->parts) impl_->part_labels.resize(impl_->parts->urls().size());
}

std::vector<std::string> Searcher::missing_parts() const {
  return impl_->parts ? impl_->parts->missing() : std::vector<std::string>{};
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

namespace {

// A request with a review-date filter names its day, so that the result cache keys
// it by the day it was counted from.
bool needs_today(const SearchRequest& request) {
  if (request.today) return false;
  for (const auto& [name, values] : request.filters) {
    const schema::FilterDef* def = schema::find_filter(name);
    if (def && def->match == schema::FilterMatch::DueBy && !values.empty()) return true;
  }
  return false;
}

}  // namespace

SearchResult Searcher::search(const SearchRequest& request) {
  if (needs_today(request)) {
    SearchRequest dated = request;
    dated.today = japan_day(now_seconds());
    return search(dated);
  }
  if (!impl_->cache) return guarded([&] { return impl_->search(request); });
  return *search_shared(request);
}

std::shared_ptr<const SearchResult> Searcher::search_shared(const SearchRequest& request) {
  if (needs_today(request)) {
    SearchRequest dated = request;
    dated.today = japan_day(now_seconds());
    return search_shared(dated);
  }
  return guarded([&]() -> std::shared_ptr<const SearchResult> {
    if (!impl_->cache) return std::make_shared<const SearchResult>(impl_->search(request));
    impl_->refresh();  // the key names the revision on disk now, never an older one
    impl_->refresh_places();
    std::string key = impl_->cache_epoch() + SearchResultCache::request_key(request);
    if (auto hit = impl_->cache->get(key)) return hit;
    auto result = std::make_shared<const SearchResult>(impl_->search(request));
    // The key of the revision the result was computed on (an update may have
    // committed meanwhile).
    key = impl_->cache_epoch() + SearchResultCache::request_key(request);
    impl_->cache->put(key, result);
    return result;
  });
}

bool Searcher::refresh() {
  return guarded([&] { return impl_->refresh(); });
}

IndexHealth index_health(const std::string& data_dir, IndexSide side) {
  IndexHealth h;
  std::error_code ec;
  const fs::path real = live_index_dir(fs::path(data_dir) / "index" / side_name(side), ec);
  h.problem = ec ? std::string("index/") + side_name(side) + ": missing" : index_damage(real.string());
  h.ok = h.problem.empty();
  return h;
}

IndexHealth Searcher::health() {
  try {
    return impl_->health();
  } catch (const std::exception& e) {
    IndexHealth h;
    h.ok = false;
    h.problem = e.what();
    return h;
  }
}

uint64_t Searcher::generation() const {
  return impl_->generation;
}

IndexSide Searcher::side() const {
  return impl_->side;
}

void Searcher::set_result_cache(std::shared_ptr<SearchResultCache> cache) {
  impl_->cache = std::move(cache);
}

std::optional<IndexedView> Searcher::record(const std::string& id) {
  return guarded([&] {
    impl_->refresh();
    return impl_->view_of(id);
  });
}

std::vector<IndexedView> Searcher::children(const std::string& id) {
  return guarded([&] {
    impl_->refresh();
    return impl_->children_of(id);
  });
}

long Searcher::document_count() const {
  return guarded([&] { return static_cast<long>(impl_->db.get_doccount()); });
}

}  // namespace monjo::archive
