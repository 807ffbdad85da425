#include "archive/search/query_syntax.h"

#include <string>

namespace monjo::archive {

namespace {

enum class Token { Start, Word, Binary, Not, Open, Close };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool has_dangling_operator(std::string_view text) {
  Token prev = Token::Start;
  size_t i = 0;
  // What may come before a binary operator, and what may end the query.
  auto ends_operand = [](Token t) { return t == Token::Word || t == Token::Close; };
  while (i < text.size()) {
    const char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '(') {
      prev = Token::Open;
      ++i;
      continue;
    }
    if (c == ')') {
      if (prev == Token::Binary || prev == Token::Not) return true;
      prev = Token::Close;
      ++i;
      continue;
    }
    size_t j = i;
    if (c == '"') {
      // A phrase, to its closing quote or to the end of the text.
      j = text.find('"', i + 1);
      j = j == std::string_view::npos ? text.size() : j + 1;
      prev = Token::Word;
      i = j;
      continue;
    }
    while (j < text.size() && !is_space(text[j]) && text[j] != '(' && text[j] != ')' && text[j] != '"') ++j;
    const std::string_view word = text.substr(i, j - i);
    i = j;
    if (word == "AND" || word == "OR" || word == "XOR") {
      if (!ends_operand(prev)) return true;
      prev = Token::Binary;
    } else if (word == "NOT") {
      // "a NOT b" is a AND NOT b; a leading NOT is a pure NOT; "a AND NOT b" too.
      prev = Token::Not;
    } else {
      prev = Token::Word;
    }
  }
  return prev == Token::Binary || prev == Token::Not;
}

}  // namespace monjo::archive
