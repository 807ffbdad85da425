// Readings with MeCab (C API, mecab.h) and the archive's gazetteer. Why IPAdic and
// not UniDic: docs/decisions.md ("Readings: MeCab with IPAdic").
#include "archive/search/readings.h"

#include <mecab.h>

#include <algorithm>
#include <mutex>

#include "archive/base/errors.h"
#include "archive/search/data_file.h"
#include "archive/search/normalize.h"

namespace monjo::archive {

namespace {

// The dictionary is named, not taken from /etc/mecabrc's default: with unidic-mecab
// installed too, "debian" may point at UniDic, whose features are laid out
// differently. An empty resource file (/dev/null) keeps a site's mecabrc out of it.
constexpr char kMecabArgs[] = "-r /dev/null -d /var/lib/mecab/dic/ipadic-utf8";
// IPAdic's feature CSV: 品詞,品詞細分類1,2,3,活用型,活用形,原形,読み,発音.
constexpr int kReadingField = 7;
// Texts remembered per analyzer before the memo starts afresh (bounded memory on a
// large catalog; the 10x sample's distinct titles, names and departments fit).
constexpr size_t kMemoMax = 200000;

bool is_kana(char32_t cp) {
  return (cp >= 0x3041 && cp <= 0x309F) || (cp >= 0x30A0 && cp <= 0x30FF) || cp == 0x30FC;
}

bool is_kanji(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
         cp == 0x3005 || cp == 0x3006;
}

bool all_kana(std::string_view s) {
  for (char32_t cp : utf8_to_u32(s))
    if (!is_kana(cp)) return false;
  return true;
}

mecab_model_t* shared_model() {
  static std::once_flag once;
  static mecab_model_t* model = nullptr;
  std::call_once(once, [] { model = mecab_model_new2(kMecabArgs); });
  if (!model) {
    throw Error(
        "cannot load the MeCab dictionary /var/lib/mecab/dic/ipadic-utf8 (install mecab-ipadic-utf8: "
        "tools/install-deps.sh)");
  }
  return model;
}

}  // namespace

// --- the gazetteer ---------------------------------------------------------------

void Gazetteer::add(std::string_view surface, std::string_view reading) {
  std::string s = normalize(surface);
  std::string r = normalize(reading);
  if (s.empty() || r.empty()) return;
  const char32_t first = utf8_to_u32(s).front();
  auto& list = by_first_[first];
  for (auto& [ls, lr] : list) {
    if (ls == s) {
      lr = r;  // a later line wins
      return;
    }
  }
  list.emplace_back(std::move(s), std::move(r));
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  ++count_;
}

size_t Gazetteer::match(std::string_view text, size_t pos, const std::string** reading) const {
  if (by_first_.empty() || pos >= text.size()) return 0;
  const std::u32string head = utf8_to_u32(text.substr(pos, 4));
  if (head.empty()) return 0;
  auto it = by_first_.find(head.front());
  if (it == by_first_.end()) return 0;
  for (const auto& [surface, r] : it->second) {
    if (text.compare(pos, surface.size(), surface) == 0) {
      *reading = &r;
      return surface.size();
    }
  }
  return 0;
}

Gazetteer Gazetteer::load(const std::string& path) {
  Gazetteer g;
  read_data_file(path, [&](const std::vector<std::string>& fields, long number) {
    if (fields.size() < 2) throw InputError("expected surface<TAB>reading", path, number);
    const std::string& surface = fields[0];
    const std::string& reading = fields[1];
    if (surface.empty()) throw InputError("empty surface form", path, number);
    const std::string norm = normalize(reading);
    if (norm.empty() || !all_kana(norm)) {
      throw InputError("the reading of \"" + surface + "\" must be kana: \"" + reading + "\"", path, number);
    }
    g.add(surface, reading);
  });
  return g;
}

Gazetteer Gazetteer::for_data_dir(const std::string& data_dir) {
  return load(data_dir + "/readings.tsv");
}

// --- the analyzer ----------------------------------------------------------------

struct ReadingAnalyzer::Mecab {
  mecab_t* tagger = nullptr;
  mecab_lattice_t* lattice = nullptr;
  ~Mecab() {
    if (lattice) mecab_lattice_destroy(lattice);
    if (tagger) mecab_destroy(tagger);
  }
};

ReadingAnalyzer::ReadingAnalyzer(std::shared_ptr<const Gazetteer> gazetteer)
    : gazetteer_(gazetteer ? std::move(gazetteer) : std::make_shared<Gazetteer>()), mecab_(std::make_unique<Mecab>()) {
  mecab_model_t* model = shared_model();
  mecab_->tagger = mecab_model_new_tagger(model);
  mecab_->lattice = mecab_model_new_lattice(model);
  if (!mecab_->tagger || !mecab_->lattice) throw Error("cannot start MeCab");
}

ReadingAnalyzer::~ReadingAnalyzer() = default;

std::string ReadingAnalyzer::reading(std::string_view normalized) {
  if (normalized.empty()) return {};
  const std::string key(normalized);
  auto it = memo_.find(key);
  if (it != memo_.end()) return it->second;
  std::string out = analyze(normalized);
  if (memo_.size() >= kMemoMax) memo_.clear();
  memo_.emplace(key, out);
  return out;
}

std::string ReadingAnalyzer::analyze(std::string_view normalized) {
  const std::u32string chars = utf8_to_u32(normalized);
  if (std::none_of(chars.begin(), chars.end(), is_kanji)) return {};
  std::string raw;  // katakana and hiragana as the dictionary and the gazetteer give them
  size_t i = 0;
  while (i < chars.size()) {
    if (!is_cjk(chars[i])) {
      if (!raw.empty() && raw.back() != ' ') raw.push_back(' ');
      while (i < chars.size() && !is_cjk(chars[i])) ++i;
      continue;
    }
    size_t j = i;
    while (j < chars.size() && is_cjk(chars[j])) ++j;
    analyze_run(u32_to_utf8(chars.substr(i, j - i)), raw);
    i = j;
  }
  std::string out = normalize(raw);
  return std::all_of(out.begin(), out.end(), [](char c) { return c == ' '; }) ? std::string() : out;
}

// One run of Japanese text: the gazetteer's entries where they match (longest
// first), MeCab for the pieces between them.
void ReadingAnalyzer::analyze_run(std::string_view run, std::string& out) {
  auto tag = [&](std::string_view piece) {
    if (piece.empty()) return;
    mecab_lattice_set_sentence2(mecab_->lattice, piece.data(), piece.size());
    if (!mecab_parse_lattice(mecab_->tagger, mecab_->lattice)) {
      out.push_back(' ');
      return;
    }
    for (const mecab_node_t* node = mecab_lattice_get_bos_node(mecab_->lattice); node; node = node->next) {
      if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
      const std::string_view surface(node->surface, node->length);
      // The reading is the 8th feature; unknown words have only 7.
      std::string_view feature(node->feature ? node->feature : "");
      std::string_view reading;
      size_t start = 0;
      for (int field = 0; field <= kReadingField; ++field) {
        const size_t comma = feature.find(',', start);
        if (field == kReadingField) {
          reading = feature.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
          break;
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      if (!reading.empty() && reading != "*") {
        out.append(reading);
      } else if (all_kana(surface)) {
        out.append(surface);
      } else if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');  // a word with no reading: its neighbours' readings do not join
      }
    }
  };
  size_t pos = 0;
  size_t piece = 0;
  while (pos < run.size()) {
    const std::string* r = nullptr;
    const size_t len = gazetteer_->match(run, pos, &r);
    if (len > 0) {
      tag(run.substr(piece, pos - piece));
      out.append(*r);
      pos += len;
      piece = pos;
      continue;
    }
    ++pos;
    while (pos < run.size() && (static_cast<unsigned char>(run[pos]) & 0xC0) == 0x80) ++pos;
  }
  tag(run.substr(piece));
}

}  // namespace monjo::archive
