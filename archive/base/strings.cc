#include "archive/base/strings.h"

namespace monjo::archive {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Length of the UTF-8 sequence starting at s[i] and its code point; 0 when malformed.
size_t utf8_sequence(std::string_view s, size_t i, char32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}
}  // namespace

std::string trim(std::string_view s) {
  const auto blank = [](char c) { return is_space(c) || c == '\f' || c == '\v'; };
  size_t b = 0, e = s.size();
  while (b < e && blank(s[b])) ++b;
  while (e > b && blank(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string trim_typed(std::string_view s) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::string out = trim(s);
  for (bool again = true; again;) {
    again = false;
    while (out.size() >= 3 && std::string_view(out).substr(0, 3) == kIdeographicSpace) {
      out = trim(std::string_view(out).substr(3));
      again = true;
    }
    while (out.size() >= 3 && std::string_view(out).substr(out.size() - 3) == kIdeographicSpace) {
      out = trim(std::string_view(out).substr(0, out.size() - 3));
      again = true;
    }
  }
  return out;
}

std::optional<bool> parse_bool(std::string_view s) {
  std::string v = trim(s);
  for (char& ch : v) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return std::nullopt;
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

std::string join_spaces(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

void append_escaped_markup(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    if (len == 1) {
      switch (text[i]) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\r':
          out += "&#13;";
          break;
        case '\t':
        case '\n':
          out += text[i];
          break;
        default:
          if (cp >= 0x20) out += text[i];
      }
    } else if (cp != 0xFFFE && cp != 0xFFFF) {
      out.append(text, i, len);
    }
    i += len;
  }
}

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped_markup(out, text);
  return out;
}

}  // namespace monjo::archive
