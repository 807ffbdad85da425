// Romanized Japanese (ローマ字) as typed by someone who knows a word by its sound: Hepburn
// (shi, chi, tsu, fu, ji, Ōno), kunrei (si, ti, tu, hu, zi) and the keyboard spellings
// (nn, xtu) are read into kana, so "onkyu" finds 恩給 by its reading and "Sagamihara"
// finds 相模原 (docs/search.md, "Romanized words"). The Searcher
// (archive/search/search.cc) asks for the readings of a plain Latin query word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monjo::archive {

// The kana of a romanized word, in hiragana as written ("onkyū" → おんきゅう, small kana
// kept: for people to read). Only a word made wholly of syllables reads: "report" does
// not (the r and t stand alone), nor does anything with a digit or a sign. `word` is
// normalized text (lower case); macrons and circumflexes mark a long vowel (ō → おう).
std::optional<std::string> romaji_to_kana(std::string_view word);

// The kana a romanized word may stand for, normalized like kana text (normalize:
// small kana folded) for the search, the plain reading first: Hepburn as most
// people type it drops the long vowels ("Tokyo" for とうきょう, "Ono" for おおの), so
// each o and u may also be long, and ō stands for おう or おお. At most `max`, those
// with fewer long vowels added first. Empty when the word does not read.
std::vector<std::string> romaji_readings(std::string_view word, size_t max = 8);

}  // namespace monjo::archive
