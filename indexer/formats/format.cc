#include "indexer/formats/format.h"

#include <libxml/parser.h>
#include <sys/stat.h>

#include <fstream>
#include <mutex>

#include "archive/base/errors.h"

namespace monjo::indexer::formats {

uint64_t check_input_file(const std::string& path, const ReadOptions& options) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw archive::InputError("cannot read the file", path);
  if (!S_ISREG(st.st_mode)) throw archive::InputError("not a regular file", path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > options.max_file_bytes) {
    throw archive::InputError("file is " + std::to_string(size / (1024 * 1024)) + " MiB, over the limit of " +
                                  std::to_string(options.max_file_bytes / (1024 * 1024)) +
                                  " MiB (raise import.max_file_mib in monjo.conf or use --max-size)",
                              path, 1);
  }
  return size;
}

void report(const ReadOptions& options, archive::InputError problem) {
  if (!options.problems) throw problem;
  options.problems->add(std::move(problem));
}

void note(const ReadOptions& options, std::string text) {
  if (options.notes) options.notes->push_back(std::move(text));
}

namespace {

// No external resource is ever loaded: DTDs, entities and schema imports alike.
xmlParserInputPtr refuse_external(const char*, const char*, xmlParserCtxtPtr) {
  return nullptr;
}

// libxml2 prints some errors through its generic handler (stderr) even when a
// structured handler is set; ours are reported through the structured one.
void silent_generic(void*, const char*, ...) {}

}  // namespace

void secure_xml_parser() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_external);
    xmlSetGenericErrorFunc(nullptr, silent_generic);
  });
}

std::optional<long> doctype_line(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return scan_prolog(head).doctype_line;
}

namespace {

// "A", "B", … "Z", "AA": the column letters of a spreadsheet (0-based index).
std::string column_letters(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

}  // namespace

std::string RowSource::place(long row, std::string_view field) const {
  if (sheet.empty()) return {};
  size_t column = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!field.empty() && fields[i] == field) {
      column = i;
      break;
    }
  }
  return sheet + "!" + column_letters(column) + std::to_string(row);
}

bool RowSource::has(std::string_view field) const {
  for (const auto& f : fields) {
    if (f == field) return true;
  }
  return false;
}

namespace {

// The markup of an XML prolog is ASCII in every encoding an XML reader accepts
// (UTF-8, Shift_JIS, EUC-JP); of UTF-16 the ASCII characters are kept.
std::string ascii_view(std::string_view head) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return std::string(head.substr(3));
  if (head.size() >= 2 && ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF))) {
    const size_t low = byte(0) == 0xFF ? 0 : 1;  // little endian: the ASCII byte comes first
    std::string out;
    for (size_t i = 2; i + 1 < head.size(); i += 2) {
      if (head[i + 1 - low] == '\0') out += head[i + low];
    }
    return out;
  }
  // UTF-16 without a byte order mark: "<" and a zero byte, in either order.
  if (head.size() >= 2 && ((byte(0) == '<' && byte(1) == 0) || (byte(0) == 0 && byte(1) == '<'))) {
    const size_t low = byte(0) == '<' ? 0 : 1;
    std::string out;
    for (size_t i = 0; i + 1 < head.size(); i += 2) {
      if (head[i + 1 - low] == '\0') out += head[i + low];
    }
    return out;
  }
  return std::string(head);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool starts_name(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

Prolog scan_prolog(std::string_view raw) {
  const std::string head = ascii_view(raw);
  Prolog out;
  size_t pos = 0;
  long line = 1;
  auto advance_to = [&](size_t to) {
    for (size_t i = pos; i < to && i < head.size(); ++i) line += head[i] == '\n';
    pos = to;
  };
  while (true) {
    const size_t lt = head.find('<', pos);
    if (lt == std::string::npos) {
      out.complete = false;
      out.line = line;
      return out;
    }
    advance_to(lt);
    if (head.compare(lt, 4, "<!--") == 0) {
      const size_t end = head.find("-->", lt + 4);
      if (end == std::string::npos) {
        out.complete = false;
        out.line = line;
        return out;
      }
      advance_to(end + 3);
    } else if (head.compare(lt, 2, "<?") == 0) {
      const size_t end = head.find("?>", lt + 2);
      if (end == std::string::npos) {
        out.complete = false;
        out.line = line;
        return out;
      }
      advance_to(end + 2);
    } else if (head.compare(lt, 2, "<!") == 0) {
      out.doctype_line = out.line = line;
      return out;
    } else {
      out.line = line;
      return out;  // the root element: no DOCTYPE can follow
    }
  }
}

std::optional<std::string> xml_root_element(std::string_view raw) {
  const std::string head = ascii_view(raw);
  size_t pos = 0;
  auto skip_past = [&](const char* end) {
    const size_t at = head.find(end, pos);
    if (at == std::string::npos) return false;
    pos = at + std::char_traits<char>::length(end);
    return true;
  };
  while (true) {
    while (pos < head.size() && is_space(head[pos])) ++pos;
    if (pos >= head.size() || head[pos] != '<') return std::nullopt;
    if (head.compare(pos, 2, "<?") == 0) {
      if (!skip_past("?>")) return std::nullopt;
    } else if (head.compare(pos, 4, "<!--") == 0) {
      if (!skip_past("-->")) return std::nullopt;
    } else if (head.compare(pos, 9, "<!DOCTYPE") == 0) {
      // An internal subset holds markup of its own: skip to the "]" that ends it.
      const size_t open = head.find('[', pos);
      const size_t close = head.find('>', pos);
      if (open != std::string::npos && open < close && !skip_past("]")) return std::nullopt;
      if (!skip_past(">")) return std::nullopt;
    } else if (pos + 1 < head.size() && starts_name(head[pos + 1])) {
      size_t end = pos + 1;
      while (end < head.size() && !is_space(head[end]) && head[end] != '>' && head[end] != '/') ++end;
      std::string name = head.substr(pos + 1, end - pos - 1);
      const size_t colon = name.rfind(':');
      return colon == std::string::npos ? name : name.substr(colon + 1);
    } else {
      return std::nullopt;
    }
  }
}

}  // namespace monjo::indexer::formats
