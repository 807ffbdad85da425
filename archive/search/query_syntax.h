// A syntax check of the query text that goes to Xapian's QueryParser
// (archive/search/search.cc, after prepare_query). Xapian 1.4.22 loses a little
// memory (96 bytes) on some queries it cannot parse — a boolean operator without
// a word on one side, combined with a CJK run and an unclosed quote — and anyone
// can type those into the portal. The Searcher refuses such a query here, with
// the same message as Xapian's own refusal, before the parser sees it.
#pragma once

#include <string_view>

namespace monjo::archive {

// True when `parser_text` holds AND, OR or XOR without a word (or a bracketed
// group) on each side, or NOT without one after it. Text between double quotes
// is a phrase: the words in it are not operators.
bool has_dangling_operator(std::string_view parser_text);

}  // namespace monjo::archive
