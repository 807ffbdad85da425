#include "indexer/formats/native_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/catalog/record_rules.h"
#include "archive/dates/japanese_date.h"

namespace monjo::indexer::formats {

extern const char* const kCatalogXsd;

namespace {

using archive::InputError;
using archive::Level;
using archive::Record;
using archive::trim;

constexpr const char* kNamespace = "urn:monjo:catalog:1";

struct ReaderFree {
  void operator()(xmlTextReaderPtr r) const { xmlFreeTextReader(r); }
};
struct SchemaParserFree {
  void operator()(xmlSchemaParserCtxtPtr p) const { xmlSchemaFreeParserCtxt(p); }
};
struct XmlCharFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlString = std::unique_ptr<xmlChar, XmlCharFree>;

// A catalog file has no DOCTYPE: refused before libxml2 parses anything
// (format.h, doctype_line), with the exact line.
void refuse_doctype(const std::string& path) {
  if (auto line = doctype_line(path)) {
    throw InputError("DOCTYPE declarations are not allowed in a catalog file (DTDs and entities are refused)", path,
                     *line);
  }
}

void strip_identity_constraints(xmlNodePtr node) {
  static const xmlChar* kXsd = BAD_CAST "http://www.w3.org/2001/XMLSchema";
  for (xmlNodePtr child = node ? node->children : nullptr; child;) {
    xmlNodePtr next = child->next;
    if (child->type == XML_ELEMENT_NODE && child->ns && xmlStrEqual(child->ns->href, kXsd) &&
        (xmlStrEqual(child->name, BAD_CAST "key") || xmlStrEqual(child->name, BAD_CAST "unique") ||
         xmlStrEqual(child->name, BAD_CAST "keyref"))) {
      xmlUnlinkNode(child);
      xmlFreeNode(child);
    } else {
      strip_identity_constraints(child);
    }
    child = next;
  }
}

bool ends_with_root_close(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  auto size = static_cast<long long>(in.tellg());
  long long from = size > 256 ? size - 256 : 0;
  in.seekg(from);
  std::string tail(static_cast<size_t>(size - from), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r' || tail.back() == ' ' || tail.back() == '\t')) {
    tail.pop_back();
  }
  return tail.size() >= 9 && tail.compare(tail.size() - 8, 8, "catalog>") == 0;
}

xmlSchemaPtr compiled_schema() {
  static std::once_flag once;
  static xmlSchemaPtr schema = nullptr;
  std::call_once(once, [] {
    secure_xml_parser();
    // The importer validates with the schema less its identity constraints
    // (xs:key, xs:unique): libxml2 keeps every key of the file in memory for them
    // (164 MiB and 2.7 s of 4.3 s for a 10× sample), while the importer checks
    // the same uniqueness in bounded memory (importer.cc). xmllint users get the
    // full schema.
    xmlDocPtr doc = xmlReadMemory(kCatalogXsd, static_cast<int>(std::char_traits<char>::length(kCatalogXsd)),
                                  "catalog.xsd", nullptr, XML_PARSE_NONET);
    if (!doc) return;
    strip_identity_constraints(xmlDocGetRootElement(doc));
    std::unique_ptr<xmlSchemaParserCtxt, SchemaParserFree> ctxt(xmlSchemaNewDocParserCtxt(doc));
    if (ctxt) schema = xmlSchemaParse(ctxt.get());
    // The compiled schema keeps pointers into the document: it lives as long as the process.
  });
  if (!schema) throw archive::Error("internal error: the compiled-in catalog schema does not parse");
  return schema;
}

// libxml2 reports "Element '{urn:monjo:catalog:1}title': …": drop the namespace and
// the trailing newline so the message reads well after "file:line: ".
std::string tidy_message(std::string msg) {
  const std::string ns = std::string("{") + kNamespace + "}";
  for (size_t pos; (pos = msg.find(ns)) != std::string::npos;) msg.erase(pos, ns.size());
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

// What libxml2 reported since the last drain: schema validity errors, which the
// reader reads past, and a well-formedness error, after which it stops.
struct ErrorState {
  xmlTextReaderPtr reader = nullptr;
  struct Reported {
    long line = 0;
    std::string message;
  };
  std::vector<Reported> pending;
  bool fatal = false;  // the parser stopped (the last pending one says why)
  long reported = 0;
};

void on_reader_error(void* user, const char* msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr locator) {
  auto* state = static_cast<ErrorState*>(user);
  if (severity == XML_PARSER_SEVERITY_WARNING || severity == XML_PARSER_SEVERITY_VALIDITY_WARNING) return;
  if (state->fatal) return;  // what follows a well-formedness error is noise
  if (severity == XML_PARSER_SEVERITY_ERROR) state->fatal = true;
  // Validity errors come without a locator; the validator runs as the parser
  // builds nodes, so the parser's position is the offending element's line.
  const long line = locator ? xmlTextReaderLocatorLineNumber(locator)
                            : (state->reader ? xmlTextReaderGetParserLineNumber(state->reader) : 0);
  ++state->reported;
  state->pending.push_back({line, tidy_message(msg ? msg : "invalid XML")});
}

std::string attr(xmlTextReaderPtr r, const char* name) {
  XmlString v(xmlTextReaderGetAttribute(r, BAD_CAST name));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

std::string text_of(xmlTextReaderPtr r) {
  XmlString v(xmlTextReaderReadString(r));
  return v ? trim(reinterpret_cast<const char*>(v.get())) : std::string();
}

std::optional<int> int_attr(xmlTextReaderPtr r, const char* name) {
  std::string v = attr(r, name);
  if (v.empty()) return std::nullopt;
  try {
    return std::stoi(v);
  } catch (...) {
    return std::nullopt;  // the schema reports the error with its line
  }
}

struct Frame {
  Record record;
  int depth = 0;
  int next_child = 0;
  bool emitted = false;
  bool broken = false;  // a problem was reported in it
};

class FileReader {
 public:
  FileReader(const std::string& path, const ReadOptions& options, const RecordSink& sink)
      : path_(path), options_(options), sink_(sink) {}

  void run() {
    const uint64_t size = check_input_file(path_, options_);
    xmlSchemaPtr schema = compiled_schema();
    refuse_doctype(path_);
    // NONET: no network. No NOENT (entities are not substituted), no DTDLOAD, no
    // DTDVALID, no HUGE: DTDs are refused outright below.
    std::unique_ptr<xmlTextReader, ReaderFree> reader(
        xmlReaderForFile(path_.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOCDATA));
    if (!reader) throw InputError("cannot open the file", path_);
    xmlTextReaderPtr r = reader.get();
    // Before the schema: xmlTextReaderSetSchema relays validity errors to the
    // reader's handler when one is set.
    errors_.reader = r;
    xmlTextReaderSetErrorHandler(r, on_reader_error, &errors_);
    if (xmlTextReaderSetSchema(r, schema) != 0) throw archive::Error("internal error: cannot attach the schema");

    int ret;
    long nodes = 0;
    while ((ret = xmlTextReaderRead(r)) == 1) {
      // Our own checks, then what the schema found: every problem is reported
      // (options_.problems sorts them by line), and reading goes on.
      handle(r);
      if (!errors_.fatal) drain_errors();
      if (options_.progress && (++nodes & 0xFFF) == 0) {
        options_.progress(static_cast<uint64_t>(xmlTextReaderByteConsumed(r)), size);
      }
    }
    if (ret != 0) {
      // The parser stopped: its last message says why (validity errors before it
      // are reported as well).
      ErrorState::Reported stop{xmlTextReaderGetParserLineNumber(r), "the file is not well-formed XML"};
      if (errors_.fatal && !errors_.pending.empty()) {
        stop = errors_.pending.back();
        errors_.pending.pop_back();
      } else if (xmlErrorPtr last = xmlGetLastError(); last && last->message) {
        // Parser errors sometimes reach only libxml2's global last-error slot.
        stop = {last->line, tidy_message(last->message)};
      }
      drain_errors();
      // The parser's own message for a file cut short varies ("Extra content…",
      // "Premature end of data…"); say what the archivist needs to know.
      if (!ends_with_root_close(path_)) stop.message += " (the file does not end with </catalog>: is it truncated?)";
      throw InputError(stop.message, path_, stop.line);
    }
    drain_errors();
    if (xmlTextReaderIsValid(r) != 1 && errors_.reported == 0) {
      report(options_, InputError("the file does not follow the catalog schema", path_,
                                  xmlTextReaderGetParserLineNumber(r)));
    }
    if (!saw_root_) report(options_, InputError("no <catalog> element", path_, 1));
    if (options_.progress) options_.progress(size, size);
  }

 private:
  void drain_errors() {
    std::vector<ErrorState::Reported> pending;
    pending.swap(errors_.pending);
    for (auto& e : pending) report(options_, InputError(std::move(e.message), path_, e.line));
  }

  // A problem of the record being read (if any): reported, the record marked.
  void problem(long line, const std::string& message) {
    if (!stack_.empty()) stack_.back().broken = true;
    report(options_, InputError(message, path_, line));
  }

  [[noreturn]] void fail(long line, const std::string& message) { throw InputError(message, path_, line); }

  long line_of(xmlTextReaderPtr r) {
    xmlNodePtr node = xmlTextReaderCurrentNode(r);
    long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(r);
  }

  void handle(xmlTextReaderPtr r) {
    int type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      fail(xmlTextReaderGetParserLineNumber(r),
           "DOCTYPE declarations are not allowed in a catalog file (DTDs and entities are refused)");
    }
    if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY) {
      fail(xmlTextReaderGetParserLineNumber(r), "entity references are not allowed in a catalog file");
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
      if (!stack_.empty() && xmlTextReaderDepth(r) == stack_.back().depth) close_record();
      return;
    }
    if (type != XML_READER_TYPE_ELEMENT) return;

    const char* ns = reinterpret_cast<const char*>(xmlTextReaderConstNamespaceUri(r));
    std::string name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(r));
    long line = line_of(r);
    if (!ns || std::string(ns) != kNamespace) {
      problem(line, "element <" + name + "> is not in the catalog namespace " + kNamespace);
    }
    int depth = xmlTextReaderDepth(r);
    if (name == "catalog") {
      saw_root_ = true;
      return;
    }
    if (name == "fonds" || name == "series" || name == "volume" || name == "item") {
      open_record(r, name, depth, line);
      return;
    }
    if (stack_.empty()) return;  // the schema reports misplaced elements
    Frame& top = stack_.back();
    Record& rec = top.record;
    if (depth == top.depth + 1) {
      field(r, name, rec, line);
    } else if (depth == top.depth + 2 && name == "event") {
      archive::PreservationEvent ev;
      ev.type = attr(r, "type");
      ev.date = attr(r, "date");
      ev.text = text_of(r);
      if (!ev.date.empty()) check_date_attr(line, "<event date>", ev.date, rec.id);
      rec.preservation.push_back(std::move(ev));
    }
  }

  void open_record(xmlTextReaderPtr r, const std::string& name, int depth, long line) {
    Record rec;
    rec.level = *archive::level_from_name(name);
    rec.id = attr(r, "id");
    rec.source_line = line;
    const bool no_id = rec.id.empty();
    if (!stack_.empty()) {
      Frame& parent = stack_.back();
      if (!parent.emitted) emit(parent);
      rec.parent_id = parent.record.id;
      rec.position = parent.next_child++;
    } else {
      rec.position = fonds_position_++;
    }
    if (rec.level == Level::Item) rec.seq = int_attr(r, "seq");
    Frame frame;
    frame.record = std::move(rec);
    frame.depth = depth;
    stack_.push_back(std::move(frame));
    if (no_id) stack_.back().broken = true;  // the schema reports it (id is required)
    if (xmlTextReaderIsEmptyElement(r)) close_record();
  }

  void field(xmlTextReaderPtr r, const std::string& name, Record& rec, long line) {
    if (name == "title") {
      rec.title = text_of(r);  // the schema refuses an empty title
    } else if (name == "publicTitle") {
      rec.public_title = text_of(r);
    } else if (name == "callNumber") {
      rec.call_number = text_of(r);
      if (!rec.call_number.empty()) {
        auto [it, inserted] = call_numbers_.emplace(rec.call_number, line);
        if (!inserted) {
          problem(line, "duplicate <callNumber> \"" + rec.call_number + "\" (first used on line " +
                         std::to_string(it->second) + ")");
        }
      }
    } else if (name == "creator") {
      rec.creator = text_of(r);
    } else if (name == "date") {
      rec.date_text = text_of(r);
      rec.date_normal = attr(r, "normal");
      try {
        rec.date = archive::record_date(rec.date_text, rec.date_normal);
      } catch (const InputError& e) {
        problem(line, "<date> of \"" + rec.id + "\": " + e.what());
      }
    } else if (name == "department") {
      rec.department = text_of(r);
    } else if (name == "history") {
      rec.history = text_of(r);
    } else if (name == "scope") {
      rec.scope = text_of(r);
    } else if (name == "description") {
      rec.description = text_of(r);
    } else if (name == "retention") {
      rec.retention = text_of(r);
    } else if (name == "extent") {
      rec.extent = text_of(r);
      rec.extent_pages = int_attr(r, "pages");
    } else if (name == "pages") {
      rec.pages_from = int_attr(r, "from");
      rec.pages_to = int_attr(r, "to");
      const std::string problem = archive::pages_problem(rec.pages_from, rec.pages_to);
      if (!problem.empty()) this->problem(line, "<pages> of \"" + rec.id + "\": " + problem);
    } else if (name == "location") {
      rec.location = text_of(r);
    } else if (name == "condition") {
      rec.condition = text_of(r);
    } else if (name == "name") {
      rec.names.push_back({attr(r, "type"), text_of(r)});
    } else if (name == "note") {
      rec.note = text_of(r);
    } else if (name == "access") {
      archive::Access a;
      auto status = archive::access_from_name(attr(r, "status"));
      if (!status) {
        problem(line, "<access> of \"" + rec.id + "\": unknown status \"" + attr(r, "status") + "\"");
        return;
      }
      a.status = *status;
      std::string grounds = attr(r, "grounds");
      size_t pos = 0;
      while (pos < grounds.size()) {
        size_t end = grounds.find(' ', pos);
        if (end == std::string::npos) end = grounds.size();
        if (end > pos) a.grounds.push_back(grounds.substr(pos, end - pos));
        pos = end + 1;
      }
      a.until = attr(r, "until");
      const std::string problem = archive::until_problem(a.until);
      if (!problem.empty()) this->problem(line, "<access until> of \"" + rec.id + "\": " + problem);
      a.reason = text_of(r);
      rec.access = std::move(a);
    }
  }

  void check_date_attr(long line, const std::string& what, const std::string& value, const std::string& id) {
    const std::string problem = archive::event_date_problem(value);
    if (!problem.empty()) this->problem(line, what + " of \"" + id + "\": " + problem);
  }

  // A parent is emitted (copied) when its first child starts; a leaf is moved out
  // when it closes.
  // A record whose problems show only in its children (a bad date further down)
  // goes on unmarked: nothing is written once any problem is reported.
  void emit(Frame& frame) {
    frame.emitted = true;
    ReadItem item;
    item.record = frame.record;
    item.broken = frame.broken;
    sink_(std::move(item));
  }

  void close_record() {
    Frame& top = stack_.back();
    if (!top.emitted) {
      top.emitted = true;
      ReadItem item;
      item.record = std::move(top.record);
      item.broken = top.broken;
      sink_(std::move(item));
    }
    stack_.pop_back();
  }

  std::string path_;
  const ReadOptions& options_;
  const RecordSink& sink_;
  ErrorState errors_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, long> call_numbers_;
  int fonds_position_ = 0;
  bool saw_root_ = false;
};

bool has_xml_extension(std::string_view file_name) {
  if (file_name.size() < 4) return false;
  std::string ext(file_name.substr(file_name.size() - 4));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".xml";
}

class NativeReader final : public Reader {
 public:
  std::string_view name() const override { return "native"; }
  std::string_view help() const override { return "Catalog XML files (docs/catalog-format.md)"; }

  Match sniff(std::string_view head, std::string_view file_name) const override {
    const auto root = xml_root_element(head);
    if (root == "catalog" || head.find(kNamespace) != std::string_view::npos) return Match::Sure;
    // Other XML, and broken files named like catalog files, go to this reader, whose
    // messages say what is wrong with them and where.
    if (root || has_xml_extension(file_name)) return Match::Plausible;
    const size_t first = head.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && head[first] == '<') return Match::Plausible;
    return Match::No;
  }

  void read(const std::string& path, const ReadOptions& options, const RecordSink& sink) const override {
    FileReader(path, options, sink).run();
  }
};

}  // namespace

const Reader& native_reader() {
  static const NativeReader reader;
  return reader;
}

const char* catalog_xsd() {
  return kCatalogXsd;
}

}  // namespace monjo::indexer::formats
