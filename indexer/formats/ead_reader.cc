#include "indexer/formats/ead_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <unordered_map>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/japanese_date.h"

namespace monjo::indexer::formats {

namespace {

using archive::AccessStatus;
using archive::InputError;
using archive::Level;
using archive::Record;

constexpr const char* kEad2002 = "urn:isbn:1-931666-22-9";
constexpr const char* kEad3 = "http://ead3.archivists.org/schema/";

// A component id made of the fonds id, "-" and its own part stays within the
// catalog's 64 characters when the fonds id is at most this long.
constexpr size_t kMaxFondsId = 40;
// How much of an <accessrestrict> a review reason quotes, in characters.
constexpr size_t kReasonChars = 200;

struct ReaderFree {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};
struct XmlCharFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlString = std::unique_ptr<xmlChar, XmlCharFree>;

// --- text ----------------------------------------------------------------------

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Runs of ASCII whitespace as one space, none at either end: EAD is pretty-printed,
// and mixed content (<emph>, <title>, <lb/>) reads as its text.
std::string collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string ascii_lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The first `n` characters of UTF-8 text, with "…" when it was longer.
std::string first_chars(const std::string& s, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) return s.substr(0, i) + "…";
  }
  return s;
}

bool is_ead_namespace(const char* href) {
  return !href || std::strcmp(href, kEad2002) == 0 || std::strcmp(href, kEad3) == 0;
}

// Whether an element is EAD's: in either namespace or in none (EAD 2002 without
// its namespace). Elements of other vocabularies (MODS in <objectxmlwrap>) are not.
bool ead_element(xmlNodePtr n) {
  return n->type == XML_ELEMENT_NODE && is_ead_namespace(n->ns ? reinterpret_cast<const char*>(n->ns->href) : nullptr);
}

bool named(xmlNodePtr n, const char* name) {
  return std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string prop(xmlNodePtr n, const char* name) {
  XmlString v(xmlGetNoNsProp(n, BAD_CAST name));
  return v ? collapse(reinterpret_cast<const char*>(v.get())) : std::string();
}

void gather_text(xmlNodePtr n, std::string& out) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      if (named(c, "lb")) out += ' ';
      gather_text(c, out);
    }
  }
}

// An element's text, mixed content flattened.
std::string flat(xmlNodePtr n) {
  std::string out;
  gather_text(n, out);
  return collapse(out);
}

std::vector<xmlNodePtr> children(xmlNodePtr n) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (ead_element(c)) out.push_back(c);
  }
  return out;
}

// A block of prose (<bioghist>, <scopecontent>, <accessrestrict> …): its paragraphs,
// one line each, without its <head>; a block nested in it (EAD 2002 nests them, and
// <legalstatus> in <accessrestrict>) adds its own.
void paragraphs_into(xmlNodePtr n, std::vector<std::string>& lines) {
  bool any = false;
  for (xmlNodePtr c : children(n)) {
    any = true;
    if (named(c, "head")) continue;
    if (named(c, reinterpret_cast<const char*>(n->name))) {
      paragraphs_into(c, lines);
      continue;
    }
    std::string line = flat(c);
    if (!line.empty()) lines.push_back(std::move(line));
  }
  if (!any) {
    std::string line = flat(n);
    if (!line.empty()) lines.push_back(std::move(line));
  }
}

std::string join(const std::vector<std::string>& lines, const char* sep) {
  std::string out;
  for (const auto& l : lines) {
    if (l.empty()) continue;
    if (!out.empty()) out += sep;
    out += l;
  }
  return out;
}

std::string paragraphs(xmlNodePtr n) {
  std::vector<std::string> lines;
  paragraphs_into(n, lines);
  return join(lines, "\n");
}

void append_line(std::string& field, const std::string& line) {
  if (line.empty()) return;
  if (!field.empty()) field += '\n';
  field += line;
}

// An identifier as the catalog takes it (archive::id_problem): every run of other
// characters becomes "-". Text with non-ASCII characters is not made into an id
// (it would lose what tells it apart), nor is one that ends up too long.
std::optional<std::string> sanitized_id(const std::string& text, size_t max) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (ok) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  if (out.empty() || out.size() > max) return std::nullopt;
  return out;
}

// A fonds id when the finding aid offers none that sanitizes: "ead-" and the
// FNV-1a hash of its title, the same for every import of the same finding aid.
std::string hashed_id(const std::string& text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", h);
  return std::string("ead-") + buf;
}

// --- access --------------------------------------------------------------------

// Whether an <accessrestrict> plainly says the material is open: it says so
// ("open", "no restrictions", "unrestricted", 公開) and says nothing that limits it.
// Anything else is reviewed by staff before the public sees it.
bool plainly_open(const std::string& text) {
  std::string t = ascii_lower(text);
  bool open = false;
  for (const char* phrase : {"no restrictions", "no restriction", "unrestricted", "without restrictions",
                             "without restriction", "not restricted"}) {
    for (size_t at; (at = t.find(phrase)) != std::string::npos;) {
      t.replace(at, std::strlen(phrase), " ");
      open = true;
    }
  }
  for (const char* limit : {"restrict", "closed",   "not open", "permission",  "embargo",  "sealed", "until",
                            "except",   "off-site", "offsite",  "appointment", "approval", "非公開", "不公開",
                            "部分公開", "制限",     "閉鎖",     "審査",        "不可",     "非開示"}) {
    if (t.find(limit) != std::string::npos) return false;
  }
  static const std::regex kOpen("(^|[^a-z])open([^a-z]|$)");
  return open || std::regex_search(t, kOpen) || t.find("公開") != std::string::npos;
}

int severity(AccessStatus s) {
  switch (s) {
    case AccessStatus::Open:
      return 0;
    case AccessStatus::Review:
      return 1;
    case AccessStatus::Restricted:
      return 2;
    case AccessStatus::Closed:
      return 3;
  }
  return 3;
}

// One <accessrestrict> read: what monjo's own export states (indexer/formats/
// ead3_writer.cc: @localtype the status, "事由：" the grounds, "見直し期日：" the
// review date, "理由：" the staff reason), else the plain-text rule above.
archive::Access read_access(xmlNodePtr n, bool& reviewed) {
  const std::string text = paragraphs(n);
  archive::Access a;
  const auto stated = archive::access_from_name(prop(n, "localtype"));
  if (stated && *stated != AccessStatus::Open) {
    a.status = *stated;
    for (xmlNodePtr p : children(n)) {
      if (!named(p, "p")) continue;
      const std::string line = flat(p);
      const std::string grounds = "事由：", until = "見直し期日：", reason = "理由：";
      if (line.rfind(grounds, 0) == 0) {
        std::string rest = line.substr(grounds.size());
        for (size_t pos = 0; pos <= rest.size();) {
          size_t end = rest.find("、", pos);
          if (end == std::string::npos) end = rest.size();
          std::string part = rest.substr(pos, end - pos);
          const size_t open = part.rfind(" (");
          if (open != std::string::npos && !part.empty() && part.back() == ')') {
            part = part.substr(open + 2, part.size() - open - 3);
          }
          if (!part.empty()) a.grounds.push_back(part);
          pos = end + std::strlen("、");
        }
      } else if (line.rfind(until, 0) == 0) {
        for (xmlNodePtr d : children(p)) {
          if (named(d, "date")) a.until = prop(d, "normal");
        }
      } else if (line.rfind(reason, 0) == 0) {
        a.reason = line.substr(reason.size());
      }
    }
    return a;
  }
  if (plainly_open(text)) return a;
  a.status = AccessStatus::Review;
  a.reason = "EAD <accessrestrict>: \"" + first_chars(text, kReasonChars) + "\"";
  reviewed = true;
  return a;
}

// --- levels --------------------------------------------------------------------

// What a component's @level asks for; nullopt: placed by its position.
std::optional<Level> wanted_level(const std::string& level) {
  static const std::set<std::string> kGroups = {"fonds",  "subfonds", "collection", "recordgrp",
                                                "subgrp", "series",   "subseries"};
  if (kGroups.count(level)) return Level::Series;
  if (level == "file") return Level::Volume;
  if (level == "item") return Level::Item;
  return std::nullopt;
}

bool is_component(const char* name) {
  if (std::strcmp(name, "c") == 0) return true;
  return name[0] == 'c' && std::strlen(name) == 3 &&
         ((name[1] == '0' && name[2] >= '1' && name[2] <= '9') || (name[1] == '1' && name[2] >= '0' && name[2] <= '2'));
}

// --- the reader ----------------------------------------------------------------

struct ParseErrors {
  long line = 0;
  std::string message;
  bool fatal = false;
};

void on_error(void* user, const char* msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator) {
  auto* e = static_cast<ParseErrors*>(user);
  if (severity != XML_PARSER_SEVERITY_ERROR || e->fatal) return;
  e->fatal = true;
  e->line = locator ? xmlTextReaderLocatorLineNumber(locator) : 0;
  e->message = msg ? msg : "the file is not well-formed XML";
  while (!e->message.empty() && (e->message.back() == '\n' || e->message.back() == ' ')) e->message.pop_back();
}

// An open <archdesc> or component.
struct Frame {
  Record record;
  int depth = 0;
  long line = 0;
  std::string path;          // positions among the EAD siblings, "3-12"
  int ead_children = 0;      // components seen under it (for its children's paths)
  int next_child = 0;        // catalog positions of the records it holds
  size_t holder = 0;         // the frame that holds its children (an item's: its volume's)
  bool decided = false;      // level and id settled, record passed on
  bool by_position = false;  // @level unknown: series if it has children, else volume
  bool broken = false;
  bool has_title = false;
  std::string raw_id;  // @id
  std::string unitid;  // the first <unitid> (not monjo's own id/seq)
  std::string own_id;  // <unitid localtype="id"> (monjo's export)
  std::vector<archive::Access> access;
  bool reviewed = false;  // an <accessrestrict> of it did not plainly say open
};

class FileReader {
 public:
  FileReader(const std::string& path, const ReadOptions& options, const RecordSink& sink)
      : path_(path), options_(options), sink_(sink) {}

  void run() {
    size_ = check_input_file(path_, options_);
    secure_xml_parser();
    if (auto line = doctype_line(path_)) {
      throw InputError(
          "DOCTYPE declarations are not allowed in an EAD file (DTDs and entities are refused; monjo reads EAD "
          "without its DTD: remove the DOCTYPE)",
          path_, *line);
    }
    count_unitids();
    read_records();
    notes();
  }

 private:
  // NONET: no network. No NOENT (entities are not substituted), no DTDLOAD, no
  // DTDVALID: a DOCTYPE was refused above. Streaming: memory stays bounded by the
  // largest element read whole (a <did>, an <accessrestrict>), never the file.
  std::unique_ptr<xmlTextReader, ReaderFree> open_reader(ParseErrors& errors) {
    std::unique_ptr<xmlTextReader, ReaderFree> reader(
        xmlReaderForFile(path_.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOCDATA));
    if (!reader) throw InputError("cannot open the file", path_);
    xmlTextReaderSetErrorHandler(reader.get(), on_error, &errors);
    return reader;
  }

  // Whether the file ends with the root's end tag (after whitespace).
  bool ends_with_root_close() {
    std::ifstream in(path_, std::ios::binary | std::ios::ate);
    const auto size = static_cast<long long>(in.tellg());
    const long long from = size > 256 ? size - 256 : 0;
    in.seekg(from);
    std::string tail(static_cast<size_t>(size > 0 ? size - from : 0), '\0');
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    while (!tail.empty() && is_space(tail.back())) tail.pop_back();
    return tail.size() >= 4 && tail.compare(tail.size() - 4, 4, "ead>") == 0;
  }

  // The parser's own message for a file cut short varies ("Extra content…",
  // "Premature end of data…"); say what the archivist needs to know.
  [[noreturn]] void not_well_formed(xmlTextReaderPtr r, const ParseErrors& errors) {
    try {
      stop(r, errors);
    } catch (InputError& e) {
      if (ends_with_root_close()) throw;
      throw InputError(std::string(e.what()) + " (the file does not end with </ead>: is it truncated?)", path_,
                       e.line());
    }
  }

  [[noreturn]] void stop(xmlTextReaderPtr r, const ParseErrors& errors) {
    // The parser's line is where it stopped (a closing tag that does not match is
    // there); the locator's may be the start of the node being built.
    const long at = xmlTextReaderGetParserLineNumber(r);
    if (errors.fatal) throw InputError(errors.message, path_, at > 0 ? at : errors.line);
    if (xmlErrorPtr last = xmlGetLastError(); last && last->message) {
      std::string msg = last->message;
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      throw InputError(msg, path_, last->line);
    }
    throw InputError("the file is not well-formed XML", path_, xmlTextReaderGetParserLineNumber(r));
  }

  // The first pass: how often each <unitid> occurs, since one that is not unique in
  // the file can be neither an id nor a call number. A file that is not well-formed
  // is refused here, before any record is passed on.
  void count_unitids() {
    ParseErrors errors;
    auto reader = open_reader(errors);
    xmlTextReaderPtr r = reader.get();
    std::vector<std::string> names;
    int ret;
    while ((ret = xmlTextReaderRead(r)) == 1) {
      if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) continue;
      const int depth = xmlTextReaderDepth(r);
      names.resize(static_cast<size_t>(depth));
      const char* name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(r));
      names.emplace_back(name);
      if (depth >= 2 && std::strcmp(name, "unitid") == 0 && names[depth - 1] == "did" &&
          (names[depth - 2] == "archdesc" || is_component(names[depth - 2].c_str()))) {
        xmlNodePtr node = xmlTextReaderExpand(r);
        const std::string localtype = node ? prop(node, "localtype") : "";
        if (node && localtype != "id" && localtype != "seq") ++unitids_[flat(node)];
      }
    }
    if (ret != 0) not_well_formed(r, errors);
  }

  void read_records() {
    ParseErrors errors;
    auto reader = open_reader(errors);
    xmlTextReaderPtr r = reader.get();
    long nodes = 0;
    int ret = xmlTextReaderRead(r);
    while (ret == 1) {
      const bool skip = handle(r);
      ret = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
      if (options_.progress && (++nodes & 0xFFF) == 0) {
        options_.progress(static_cast<uint64_t>(xmlTextReaderByteConsumed(r)), size_);
      }
    }
    if (ret != 0) not_well_formed(r, errors);
    if (!saw_archdesc_) report(options_, InputError("no <archdesc> element: not an EAD finding aid", path_, 1));
    if (options_.progress) options_.progress(size_, size_);
  }

  long line_of(xmlTextReaderPtr r) {
    xmlNodePtr node = xmlTextReaderCurrentNode(r);
    const long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(r);
  }

  // One node of the document; true: skip its subtree (read whole, or not wanted).
  bool handle(xmlTextReaderPtr r) {
    const int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY) {
      throw InputError("entity references are not allowed in an EAD file", path_, xmlTextReaderGetParserLineNumber(r));
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
      if (!stack_.empty() && xmlTextReaderDepth(r) == stack_.back().depth) close_frame();
      return false;
    }
    if (type != XML_READER_TYPE_ELEMENT) return false;
    if (!is_ead_namespace(reinterpret_cast<const char*>(xmlTextReaderConstNamespaceUri(r)))) return true;
    const char* name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(r));
    const int depth = xmlTextReaderDepth(r);

    if (stack_.empty()) {
      if (depth == 0) return false;  // <ead>
      if (std::strcmp(name, "eadheader") == 0 || std::strcmp(name, "control") == 0) {
        if (xmlNodePtr node = xmlTextReaderExpand(r)) header(node);
        return true;
      }
      if (std::strcmp(name, "archdesc") == 0 && !saw_archdesc_) {
        saw_archdesc_ = true;
        open_frame(r, depth, true);
        return false;
      }
      return true;  // <frontmatter>, a second <archdesc> …
    }
    if (is_component(name)) {
      open_frame(r, depth, false);
      return false;
    }
    if (std::strcmp(name, "dsc") == 0 || std::strcmp(name, "descgrp") == 0) return false;
    Frame& top = stack_.back();
    if (top.decided) return true;  // description after the children: not EAD's order; skipped
    xmlNodePtr node = xmlTextReaderExpand(r);
    if (node) describe(top, node);
    return true;
  }

  void header(xmlNodePtr node) {
    for (xmlNodePtr c : children(node)) {
      if (named(c, "eadid") || named(c, "recordid")) header_id_ = flat(c);
    }
  }

  void open_frame(xmlTextReaderPtr r, int depth, bool fonds) {
    Frame frame;
    frame.depth = depth;
    frame.line = line_of(r);
    frame.record.source_line = frame.line;
    frame.raw_id = fonds ? std::string() : collapse(attr(r, "id"));
    if (fonds) {
      frame.record.level = Level::Fonds;
    } else {
      Frame& parent = stack_.back();
      if (!parent.decided) decide(parent, true);
      frame.path = (parent.path.empty() ? "" : parent.path + "-") + std::to_string(++parent.ead_children);
      Frame& holder = stack_[parent.holder];
      frame.record.parent_id = holder.record.id;
      frame.record.position = holder.next_child++;
      const std::string raw = ascii_lower(collapse(attr(r, "level")));
      const auto wanted = wanted_level(raw);
      if (!wanted) ++by_position_[raw.empty() ? std::string("(none)") : raw];
      if (holder.record.level == Level::Volume) {
        frame.record.level = Level::Item;
        if (parent.record.level == Level::Item) {
          ++flattened_;
        } else if (wanted && *wanted != Level::Item) {
          ++as_items_;
        }
      } else if (!wanted) {
        frame.by_position = true;
      } else {
        frame.record.level = *wanted == Level::Item ? Level::Volume : *wanted;
        if (*wanted == Level::Item) ++as_volumes_;
      }
    }
    stack_.push_back(std::move(frame));
    Frame& self = stack_.back();
    self.holder =
        self.record.level == Level::Item && !self.by_position ? stack_[stack_.size() - 2].holder : stack_.size() - 1;
    if (xmlTextReaderIsEmptyElement(r)) close_frame();
  }

  static std::string attr(xmlTextReaderPtr r, const char* name) {
    XmlString v(xmlTextReaderGetAttribute(r, BAD_CAST name));
    return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
  }

  // One element of a component's description, read whole.
  void describe(Frame& f, xmlNodePtr n) {
    Record& rec = f.record;
    if (named(n, "did")) {
      did(f, n);
    } else if (named(n, "accessrestrict")) {
      bool reviewed = false;
      f.access.push_back(read_access(n, reviewed));
      f.reviewed = f.reviewed || reviewed;
    } else if (named(n, "bioghist")) {
      append_line(rec.history, paragraphs(n));
    } else if (named(n, "scopecontent")) {
      append_line(prop(n, "localtype") == "description" ? rec.description : rec.scope, paragraphs(n));
    } else if (named(n, "controlaccess")) {
      names_in(rec, n);
    } else if (named(n, "odd")) {
      append_line(rec.note, paragraphs(n));
    } else if (named(n, "phystech")) {
      append_line(rec.condition, paragraphs(n));
    } else if (named(n, "appraisal")) {
      const std::string text = paragraphs(n), prefix = "保存期間：";
      if (text.rfind(prefix, 0) == 0) rec.retention = text.substr(prefix.size());
    } else if (named(n, "processinfo") && prop(n, "localtype") == "preservation") {
      preservation(rec, n);
    }
  }

  void did(Frame& f, xmlNodePtr n) {
    Record& rec = f.record;
    std::string date_text, date_normal, from, to;
    bool have_date = false;
    std::vector<std::string> extents;
    for (xmlNodePtr c : children(n)) {
      const std::string localtype = prop(c, "localtype");
      if (named(c, "unitid")) {
        const std::string text = flat(c);
        if (localtype == "id") {
          f.own_id = text;
        } else if (localtype == "callnumber") {
          rec.call_number = text;
        } else if (localtype == "seq") {
          try {
            rec.seq = std::stoi(text);
          } catch (...) {
          }
        } else if (f.unitid.empty()) {
          f.unitid = text;
        }
      } else if (named(c, "unittitle")) {
        const std::string text = flat(c);
        if (localtype == "public") {
          rec.public_title = text;
        } else if (!f.has_title && !text.empty()) {
          rec.title = text;
          f.has_title = true;
          // EAD 2002 puts dates in titles too; they count when the <did> has none.
          for (xmlNodePtr d : children(c)) {
            if (named(d, "unitdate") && date_text.empty() && date_normal.empty()) {
              date_text = flat(d);
              date_normal = prop(d, "normal");
            }
          }
        }
      } else if (named(c, "unitdate")) {
        if (prop(c, "type") == "bulk" || have_date) {
          append_line(rec.note, "unitdate: " + flat(c));
        } else {
          have_date = true;
          date_text = flat(c);
          date_normal = prop(c, "normal");
        }
      } else if (named(c, "unitdatestructured") && from.empty()) {
        structured_date(c, from, to);
      } else if (named(c, "physdesc")) {
        if (localtype == "pages") {
          pages(rec, flat(c));
        } else {
          std::vector<std::string> parts;
          for (xmlNodePtr e : children(c)) {
            if (named(e, "extent")) parts.push_back(flat(e));
          }
          extents.push_back(parts.empty() ? flat(c) : join(parts, " "));
        }
      } else if (named(c, "physdescstructured") || named(c, "physdescset")) {
        std::vector<xmlNodePtr> units = named(c, "physdescset") ? children(c) : std::vector<xmlNodePtr>{c};
        for (xmlNodePtr u : units) {
          std::string quantity, unittype;
          for (xmlNodePtr e : children(u)) {
            if (named(e, "quantity")) quantity = flat(e);
            if (named(e, "unittype")) unittype = flat(e);
          }
          if (unittype == "pages" && !quantity.empty() &&
              quantity.find_first_not_of("0123456789") == std::string::npos && quantity.size() < 10) {
            rec.extent_pages = std::stoi(quantity);
          } else if (!quantity.empty() || !unittype.empty()) {
            extents.push_back(collapse(quantity + " " + unittype));
          }
        }
      } else if (named(c, "origination")) {
        if (localtype == "creator") {
          rec.creator = flat(c);
        } else if (localtype == "department") {
          rec.department = flat(c);
        } else {
          names_in(rec, c);
        }
      } else if (named(c, "physloc")) {
        append_line(rec.location, flat(c));
      } else if (named(c, "container")) {
        std::string type = prop(c, "type");
        if (type.empty()) type = prop(c, "localtype");
        append_line(rec.location, collapse(type + " " + flat(c)));
      }
    }
    rec.extent = join(extents, "; ");
    dates(f, date_text, date_normal, from, to);
  }

  static void structured_date(xmlNodePtr n, std::string& from, std::string& to) {
    for (xmlNodePtr c : children(n)) {
      if (!from.empty()) return;
      if (named(c, "datesingle")) {
        from = to = prop(c, "standarddate");
      } else if (named(c, "daterange")) {
        for (xmlNodePtr d : children(c)) {
          if (named(d, "fromdate")) from = prop(d, "standarddate");
          if (named(d, "todate")) to = prop(d, "standarddate");
        }
        if (from.empty()) from = to;
        if (to.empty()) to = from;
      } else if (named(c, "dateset")) {
        structured_date(c, from, to);
      }
    }
  }

  // The date: @normal (EAD 2002, and EAD3 <unitdate>) or the structured date
  // (EAD3 @standarddate) gives the interval, with the text as written; without
  // them the text goes through the catalog's date parser (archive::record_date).
  // Text it cannot read goes to the note, and the record has no date: the catalog
  // holds no date it cannot place on the time line.
  void dates(Frame& f, const std::string& text, const std::string& normal, const std::string& from,
             const std::string& to) {
    Record& rec = f.record;
    auto reads = [](const std::string& t, const std::string& n) {
      try {
        return archive::record_date(t, n).has_value();
      } catch (const InputError&) {
        return false;
      }
    };
    std::string structured = from.empty() ? "" : from == to ? from : from + "/" + to;
    if (!normal.empty() && reads(text, normal)) {
      rec.date_text = text;
      rec.date_normal = normal;
    } else if (!structured.empty() && reads("", structured)) {
      rec.date_text = text;
      // A text that says the same interval needs no normal form (monjo's own
      // export writes the interval of every date it holds).
      const auto by_text = archive::try_parse_date(text);
      const auto interval = archive::record_date("", structured);
      if (text.empty() || !by_text || !(*by_text == *interval)) rec.date_normal = structured;
    } else if (!text.empty() && reads(text, "")) {
      rec.date_text = text;
    } else if (!text.empty() || !normal.empty()) {
      append_line(rec.note, "unitdate: " + text + (normal.empty() ? "" : " (normal " + normal + ")"));
      ++unread_dates_;
    }
  }

  static void pages(Record& rec, std::string text) {
    const std::string dash = "–", suffix = "頁";
    if (text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
      text.resize(text.size() - suffix.size());
    }
    const size_t at = text.find(dash);
    if (at == std::string::npos) return;
    auto number = [](const std::string& s) -> std::optional<int> {
      if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
      return std::stoi(s);
    };
    rec.pages_from = number(text.substr(0, at));
    rec.pages_to = number(text.substr(at + dash.size()));
  }

  // Persons, organizations (families too: the catalog's name types have none of
  // their own) and places, each once.
  static void names_in(Record& rec, xmlNodePtr n) {
    for (xmlNodePtr c : children(n)) {
      const char* type = named(c, "persname")                          ? "person"
                         : named(c, "corpname") || named(c, "famname") ? "org"
                         : named(c, "geogname")                        ? "place"
                                                                       : nullptr;
      if (!type) {
        if (named(c, "controlaccess")) names_in(rec, c);
        continue;
      }
      std::vector<std::string> parts;
      for (xmlNodePtr p : children(c)) {
        if (named(p, "part")) parts.push_back(flat(p));
      }
      archive::Name name{type, parts.empty() ? flat(c) : join(parts, " ")};
      if (name.text.empty()) continue;
      bool seen = false;
      for (const auto& have : rec.names) seen = seen || (have.type == name.type && have.text == name.text);
      if (!seen) rec.names.push_back(std::move(name));
    }
  }

  // monjo's own <processinfo localtype="preservation">: one <chronitem> per event,
  // "<label> (<type>)：<text>" (indexer/formats/ead3_writer.cc).
  static void preservation(Record& rec, xmlNodePtr n) {
    for (xmlNodePtr list : children(n)) {
      if (!named(list, "chronlist")) continue;
      for (xmlNodePtr item : children(list)) {
        archive::PreservationEvent e;
        for (xmlNodePtr c : children(item)) {
          if (named(c, "datesingle")) e.date = prop(c, "standarddate");
          if (named(c, "event")) {
            e.type = prop(c, "localtype");
            e.text = flat(c);
            const std::string marker = " (" + e.type + ")";
            const size_t at = e.text.find(marker);
            if (at != std::string::npos) {
              e.text = e.text.substr(at + marker.size());
              const std::string colon = "：";
              e.text = e.text.rfind(colon, 0) == 0 ? e.text.substr(colon.size()) : std::string();
            }
          }
        }
        if (!e.type.empty()) rec.preservation.push_back(std::move(e));
      }
    }
  }

  // The id of a record, settled when its first child starts or it ends (its
  // <did> has been read by then): monjo's own <unitid localtype="id">; else the
  // fonds id and the component's @id, else its <unitid> when unique in the file,
  // else the path of positions ("ferris-3-12"), so that importing the same finding
  // aid again replaces the same records.
  std::string choose_id(const Frame& f) {
    if (!f.own_id.empty() && archive::valid_record_id(f.own_id)) return f.own_id;
    const bool unitid_unique = !f.unitid.empty() && unitids_[f.unitid] == 1;
    if (f.record.level == Level::Fonds) {
      if (unitid_unique) {
        if (auto id = sanitized_id(f.unitid, kMaxFondsId)) return *id;
      }
      if (auto id = sanitized_id(header_id_, kMaxFondsId)) return *id;
      return hashed_id(f.unitid + "\n" + header_id_ + "\n" + f.record.title);
    }
    const std::string prefix = stack_.front().record.id + "-";
    const size_t room = 64 > prefix.size() ? 64 - prefix.size() : 0;
    for (const std::string* own : {&f.raw_id, unitid_unique ? &f.unitid : nullptr}) {
      if (!own || own->empty()) continue;
      if (auto id = sanitized_id(*own, room); id && !used_ids_.count(prefix + *id)) return prefix + *id;
    }
    return prefix + f.path;
  }

  void decide(Frame& f, bool has_children) {
    f.decided = true;
    Record& rec = f.record;
    if (f.by_position) rec.level = has_children ? Level::Series : Level::Volume;
    rec.id = choose_id(f);
    used_ids_.insert(rec.id);
    // The catalog's call number is the <unitid> when it names one record only.
    if (rec.call_number.empty() && !f.unitid.empty()) {
      if (unitids_[f.unitid] == 1) {
        rec.call_number = f.unitid;
      } else {
        append_line(rec.note, "unitid: " + f.unitid);
        ++shared_unitids_;
      }
    }
    if (!f.access.empty()) {
      archive::Access* strictest = &f.access.front();
      for (auto& a : f.access) {
        if (severity(a.status) > severity(strictest->status)) strictest = &a;
      }
      rec.access = *strictest;
      if (rec.access->status == AccessStatus::Review && f.reviewed) ++reviewed_;
    }
    if (!f.has_title) {
      f.broken = true;
      report(options_, InputError(std::string(rec.level == Level::Fonds ? "<archdesc>" : "component") + " at line " +
                                      std::to_string(f.line) + " has no <unittitle>",
                                  path_, f.line));
    }
    Record checked = rec;
    for (const auto& p : archive::check_record(checked)) {
      if (p.field == "title") continue;  // said above
      f.broken = true;
      report(options_, InputError("record " + rec.id + ": " + p.field + ": " + p.message, path_, f.line));
    }
    rec.date = checked.date;
    ReadItem item;
    item.record = rec;
    item.broken = f.broken;
    sink_(std::move(item));
  }

  void close_frame() {
    Frame& top = stack_.back();
    if (!top.decided) decide(top, false);
    stack_.pop_back();
  }

  static std::string components(long n) { return std::to_string(n) + (n == 1 ? " component" : " components"); }

  void notes() {
    const std::string file = path_ + ": ";
    if (reviewed_ > 0) {
      const std::string key = archive::access_message_key(AccessStatus::Review);
      note(options_, file + components(reviewed_) + " with <accessrestrict> imported as " + archive::text_ja(key) +
                         " (" + archive::access_name(AccessStatus::Review) + ")");
    }
    if (!by_position_.empty()) {
      long n = 0;
      std::string levels;
      for (const auto& [level, count] : by_position_) {
        n += count;
        levels += (levels.empty() ? "" : ", ") + (level == "(none)" ? level : "\"" + level + "\"") + " ×" +
                  std::to_string(count);
      }
      note(options_, file + components(n) + " of unknown or no @level (" + levels +
                         ") placed by position: a series if they hold components, else a volume; an item in a volume");
    }
    if (as_volumes_ > 0) {
      note(options_, file + components(as_volumes_) +
                         " of level \"item\" directly in a series or the fonds imported as volumes "
                         "(the catalog holds items only in volumes)");
    }
    if (as_items_ > 0) {
      note(options_, file + components(as_items_) + " of level series or file inside a volume imported as items");
    }
    if (flattened_ > 0) {
      note(options_,
           file + components(flattened_) + " nested in an item imported as items of the same volume (flattened)");
    }
    if (unread_dates_ > 0) {
      note(options_, file + std::to_string(unread_dates_) + (unread_dates_ == 1 ? " date" : " dates") +
                         " the date parser cannot read kept in the record's note (no date)");
    }
    if (shared_unitids_ > 0) {
      note(options_, file + components(shared_unitids_) +
                         " whose <unitid> is not unique in the file: kept in the note, not as call number");
    }
  }

  std::string path_;
  const ReadOptions& options_;
  const RecordSink& sink_;
  uint64_t size_ = 0;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, long> unitids_;
  std::set<std::string> used_ids_;
  std::string header_id_;
  bool saw_archdesc_ = false;
  long reviewed_ = 0;
  std::map<std::string, long> by_position_;
  long as_volumes_ = 0;
  long as_items_ = 0;
  long flattened_ = 0;
  long unread_dates_ = 0;
  long shared_unitids_ = 0;
};

class EadReader final : public Reader {
 public:
  std::string_view name() const override { return "ead"; }
  std::string_view help() const override {
    return "EAD 2002 and EAD3 finding aids, monjo's own EAD3 export included (docs/interop.md)";
  }

  // The root element <ead>, in either EAD namespace or in none.
  Match sniff(std::string_view head, std::string_view) const override {
    if (xml_root_element(head) != "ead") return Match::No;
    if (head.find(kEad2002) != std::string_view::npos || head.find(kEad3) != std::string_view::npos) {
      return Match::Sure;
    }
    // No EAD namespace named: EAD 2002 without one, unless the root declares another.
    static const std::regex kRoot("<ead[\\s>/][^>]*");
    std::cmatch m;
    if (std::regex_search(head.data(), head.data() + head.size(), m, kRoot) &&
        m.str().find("xmlns=") != std::string::npos) {
      return Match::No;
    }
    return Match::Sure;
  }

  void read(const std::string& path, const ReadOptions& options, const RecordSink& sink) const override {
    FileReader(path, options, sink).run();
  }
};

}  // namespace

const Reader& ead_reader() {
  static const EadReader reader;
  return reader;
}

}  // namespace monjo::indexer::formats
