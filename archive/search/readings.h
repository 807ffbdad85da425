// Readings (読み) for the index: what a word sounds like, so that a citizen who types
// おんきゅう finds 恩給 (docs/search.md, "Readings"). MeCab with Debian's IPAdic
// (mecab-ipadic-utf8) gives the reading of each word; the archive's gazetteer
// (<data>/readings.tsv, docs/search.md) gives the readings of the collection's proper
// nouns, which the dictionary gets wrong (上溝 is かみみぞ, not うわみぞ) or does not
// know. Used by the index writer (indexer/index_writer.cc) and, when a search finds
// nothing, by the Searcher to suggest the reading of the words typed (a kana query is
// its own reading and needs no analyzer).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace monjo::archive {

// The gazetteer: surface form → reading, both normalized (normalize), so
// 上溝 and 上溝, カミミゾ and かみみぞ are one entry. Matched longest first.
class Gazetteer {
 public:
  // Reads a gazetteer file: UTF-8, one entry a line, `surface<TAB>reading`, an optional
  // third column for a note; blank lines and lines starting with # are skipped. The
  // reading must be kana. A missing file is an empty gazetteer; a bad line throws
  // InputError with the file and line.
  static Gazetteer load(const std::string& path);
  // <data_dir>/readings.tsv
  static Gazetteer for_data_dir(const std::string& data_dir);

  void add(std::string_view surface, std::string_view reading);
  // The longest entry that starts at `pos` of the normalized `text`: its length in
  // bytes (0: none) and its reading.
  size_t match(std::string_view text, size_t pos, const std::string** reading) const;
  size_t size() const { return count_; }

 private:
  // First code point → entries starting with it, longest first.
  std::unordered_map<char32_t, std::vector<std::pair<std::string, std::string>>> by_first_;
  size_t count_ = 0;
};

// One analyzer per thread (a MeCab tagger is not thread-safe; the dictionary is
// loaded once per process and shared).
class ReadingAnalyzer {
 public:
  // Throws Error when the dictionary cannot be loaded (mecab-ipadic-utf8
  // not installed).
  explicit ReadingAnalyzer(std::shared_ptr<const Gazetteer> gazetteer);
  ~ReadingAnalyzer();
  ReadingAnalyzer(const ReadingAnalyzer&) = delete;
  ReadingAnalyzer& operator=(const ReadingAnalyzer&) = delete;

  // The reading of normalized text, in normalized hiragana (normalize of the
  // katakana the dictionary gives): each run of Japanese text becomes one run of
  // kana (上溝村役場 → かみみぞむらやくば), anything else (digits, Latin) becomes a
  // space. Empty when the text has no kanji: kana text is its own reading, and it
  // is indexed as text already. Results are remembered per text (catalog titles,
  // departments and names repeat): a repeat costs one hash lookup.
  std::string reading(std::string_view normalized);

 private:
  std::string analyze(std::string_view normalized);
  void analyze_run(std::string_view run, std::string& out);

  std::shared_ptr<const Gazetteer> gazetteer_;
  struct Mecab;
  std::unique_ptr<Mecab> mecab_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace monjo::archive
