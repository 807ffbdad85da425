// OAI-PMH 2.0 at /oai (docs/portal.md): harvesters collect the public catalogue as
// Dublin Core. Every record leaves through web/public_records (the public view of
// docs/architecture.md, "Invariants"), so a harvest shows exactly what the record pages show. Sets are the
// fonds (`fonds:ID`); datestamps are the catalog's updated_at, raised by any
// ancestor's change (archive::Catalog::record_stamps); lists are paged with
// resumption tokens that name the catalog generation they were cut from.
// Protocol: http://www.openarchives.org/OAI/openarchivesprotocol.html (2.0, 2015 update).
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "archive/base/messages.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/catalog.h"
#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/dates/timestamp.h"
#include "web/portal/handlers.h"
#include "web/portal/public_records.h"
#include "web/http/text.h"
#include "web/http/xml_writer.h"

namespace monjo::web {

namespace {

using archive::Catalog;
using archive::PublicRecord;

constexpr int kDefaultPageSize = 100;
constexpr const char* kDefaultRepositoryId = "monjo.local";
constexpr const char* kOaiDcPrefix = "oai_dc";
constexpr const char* kSetRoot = "fonds";
constexpr const char* kTokenVersion = "1";

// --- settings (monjo.conf [site]) ---------------------------------------------

struct OaiSettings {
  std::string repository_id;         // [site] oai_identifier
  std::string repository_name;       // [site] name, else the Japanese site name
  std::string admin_email;           // [site] admin_email
  int page_size = kDefaultPageSize;  // [site] oai_page_size
};

// The worker's catalog lives in the data directory, next to monjo.conf; the file is
// read once per data directory, like the rest of the server's configuration.
OaiSettings settings_for(Catalog& catalog) {
  static std::mutex mutex;
  static std::map<std::string, OaiSettings> cache;
  const std::string dir = std::filesystem::path(catalog.db().path()).parent_path().string();
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(dir);
  if (it != cache.end()) return it->second;
  const auto config = archive::Config::load(dir);
  OaiSettings s;
  s.repository_id = config.get_or("site", "oai_identifier", kDefaultRepositoryId);
  s.repository_name = config.get_or("site", "name", Messages::get(Lang::Ja).t("site_name"));
  s.admin_email = config.get_or("site", "admin_email", "archives@" + s.repository_id);
  s.page_size = static_cast<int>(std::clamp(config.get_long("site", "oai_page_size", kDefaultPageSize), 1L, 1000L));
  return cache.emplace(dir, s).first->second;
}

// --- errors ------------------------------------------------------------------

// One OAI-PMH error condition: answered as <error code="…"> with status 200.
struct OaiError {
  std::string code;
  std::string message;
};

[[noreturn]] void fail(const char* code, std::string message) {
  throw OaiError{code, std::move(message)};
}

// --- arguments ---------------------------------------------------------------

using Args = std::map<std::string, std::string>;

struct VerbRule {
  const char* verb;
  std::vector<const char*> required;
  std::vector<const char*> optional;
  bool resumable;  // accepts resumptionToken as its exclusive argument
};

// The protocol's table of verbs and their arguments (spec §4).
const std::vector<VerbRule>& verb_rules() {
  static const std::vector<VerbRule> kRules = {
      {"Identify", {}, {}, false},
      {"ListMetadataFormats", {}, {"identifier"}, false},
      {"ListSets", {}, {}, true},
      {"ListIdentifiers", {"metadataPrefix"}, {"from", "until", "set"}, true},
      {"ListRecords", {"metadataPrefix"}, {"from", "until", "set"}, true},
      {"GetRecord", {"identifier", "metadataPrefix"}, {}, false},
  };
  return kRules;
}

// Query-string arguments, plus the form-encoded body of a POST (spec §3.1.1.2).
std::vector<std::pair<std::string, std::string>> raw_arguments(const RequestContext& ctx) {
  auto args = ctx.params();
  if (ctx.method() == "POST") {
    const std::string& body = ctx.body();
    size_t pos = 0;
    while (pos < body.size()) {
      auto end = body.find('&', pos);
      if (end == std::string::npos) end = body.size();
      const std::string pair = body.substr(pos, end - pos);
      pos = end + 1;
      if (pair.empty() || pair == "\r\n" || pair == "\n") continue;
      const auto eq = pair.find('=');
      std::string key, value;
      try {
        key = url_decode(pair.substr(0, eq), true);
        value = eq == std::string::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
      } catch (const archive::InputError&) {
        fail("badArgument", "the request body is not form-encoded");
      }
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
      if (!valid_utf8(key) || !valid_utf8(value)) fail("badArgument", "arguments must be UTF-8");
      args.emplace_back(std::move(key), std::move(value));
    }
  }
  return args;
}

struct Request {
  std::string verb;
  Args args;  // without the verb
};

// Checks the verb and its arguments against verb_rules(); throws badVerb/badArgument.
Request parse_request(const RequestContext& ctx) {
  const auto raw = raw_arguments(ctx);
  Request req;
  int verbs = 0;
  std::set<std::string> seen;
  bool repeated = false;
  for (const auto& [key, value] : raw) {
    if (key == "verb") {
      ++verbs;
      req.verb = value;
      continue;
    }
    if (!seen.insert(key).second) repeated = true;
    req.args[key] = value;
  }
  if (verbs == 0) fail("badVerb", "the verb argument is missing");
  if (verbs > 1) fail("badVerb", "the verb argument is repeated");
  const VerbRule* rule = nullptr;
  for (const auto& r : verb_rules()) {
    if (req.verb == r.verb) rule = &r;
  }
  if (!rule) fail("badVerb", "unknown verb");
  if (repeated) fail("badArgument", "an argument is repeated");
  if (rule->resumable && req.args.count("resumptionToken")) {
    if (req.args.size() != 1) fail("badArgument", "resumptionToken is an exclusive argument");
    return req;
  }
  for (const auto& arg : req.args) {
    // Plain references, not structured bindings: the lambda captures them (clang 14).
    const auto& key = arg.first;
    const auto& value = arg.second;
    const auto listed = [&](const std::vector<const char*>& names) {
      return std::any_of(names.begin(), names.end(), [&](const char* n) { return key == n; });
    };
    if (!listed(rule->required) && !listed(rule->optional)) fail("badArgument", "illegal argument: " + key);
    if (value.empty()) fail("badArgument", "empty argument: " + key);
  }
  for (const char* name : rule->required) {
    if (!req.args.count(name)) fail("badArgument", std::string("missing argument: ") + name);
  }
  return req;
}

// --- dates -------------------------------------------------------------------

bool digits(const std::string& s, size_t pos, size_t n) {
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int number_at(const std::string& s, size_t pos, size_t n) {
  return std::stoi(s.substr(pos, n));
}

enum class Granularity { Day, Second };

// A from/until argument as a full UTC datestamp: the day granularity covers the
// whole day (from: 00:00:00, until: 23:59:59). Anything else is badArgument.
std::string parse_datestamp(const std::string& value, bool is_until, Granularity& granularity) {
  const bool day = value.size() == 10;
  const bool second = value.size() == 20;
  bool ok = (day || second) && digits(value, 0, 4) && value[4] == '-' && digits(value, 5, 2) && value[7] == '-' &&
            digits(value, 8, 2);
  if (ok && second) {
    ok = value[10] == 'T' && digits(value, 11, 2) && value[13] == ':' && digits(value, 14, 2) && value[16] == ':' &&
         digits(value, 17, 2) && value[19] == 'Z';
  }
  if (ok) {
    const archive::Ymd ymd{number_at(value, 0, 4), number_at(value, 5, 2), number_at(value, 8, 2)};
    ok = ymd.valid();
    if (ok && second) {
      ok = number_at(value, 11, 2) < 24 && number_at(value, 14, 2) < 60 && number_at(value, 17, 2) < 60;
    }
  }
  if (!ok) fail("badArgument", "not a datestamp of the form YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
  granularity = day ? Granularity::Day : Granularity::Second;
  if (second) return value;
  return value + (is_until ? "T23:59:59Z" : "T00:00:00Z");
}

// --- identifiers, sets and resumption tokens ----------------------------------

std::string oai_identifier(const OaiSettings& s, const std::string& id) {
  return "oai:" + s.repository_id + ":" + id;
}

// The record id inside "oai:REPOSITORY:ID", or "" when it is not one of ours.
std::string record_id_of(const OaiSettings& s, const std::string& identifier) {
  const std::string prefix = "oai:" + s.repository_id + ":";
  if (identifier.compare(0, prefix.size(), prefix) != 0) return {};
  std::string id = identifier.substr(prefix.size());
  return valid_record_id(id) ? id : std::string();
}

std::string set_spec(const std::string& fonds_id) {
  return std::string(kSetRoot) + ":" + fonds_id;
}

// The fonds a set names: "" for the whole "fonds" set; nullopt for a set we do not have.
std::optional<std::string> fonds_of_set(const std::string& spec) {
  if (spec == kSetRoot) return std::string();
  const std::string prefix = std::string(kSetRoot) + ":";
  if (spec.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string id = spec.substr(prefix.size());
  if (!valid_record_id(id)) return std::nullopt;
  return id;
}

// Where a list stands between two pages. Carried in the token, with the generation
// of the catalog it was cut from: a token that outlives an import is refused
// (badResumptionToken) rather than silently skipping or repeating records.
struct ListState {
  std::string verb;
  uint64_t generation = 0;
  long cursor = 0;  // records already sent
  long total = 0;   // completeListSize
  std::string prefix;
  std::string set;
  std::string from;  // full datestamps
  std::string until;
  std::string after_id;  // last id sent
};

constexpr char kTokenSeparator = '\x1f';  // cannot occur in any field (UTF-8 text without controls)

std::string encode_token(const ListState& s) {
  const std::vector<std::string> fields = {kTokenVersion,
                                           s.verb,
                                           std::to_string(s.generation),
                                           std::to_string(s.cursor),
                                           std::to_string(s.total),
                                           s.prefix,
                                           s.set,
                                           s.from,
                                           s.until,
                                           s.after_id};
  std::string plain;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) plain += kTokenSeparator;
    plain += fields[i];
  }
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder << plain;
  encoder.close();
  return out.str();
}

bool parse_count(const std::string& s, long& out) {
  if (s.empty() || s.size() > 12 || !digits(s, 0, s.size())) return false;
  out = std::stol(s);
  return true;
}

ListState decode_token(const std::string& token, const std::string& verb) {
  const auto bad = [] { fail("badResumptionToken", "the resumptionToken is invalid or has expired"); };
  if (token.empty() || token.size() > 2000) bad();
  for (const char c : token) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) bad();
  }
  std::string plain;
  try {
    std::istringstream in(token);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    plain.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const std::exception&) {
    bad();
  }
  std::vector<std::string> fields;
  size_t pos = 0;
  while (true) {
    const auto end = plain.find(kTokenSeparator, pos);
    fields.push_back(plain.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  if (fields.size() != 10 || fields[0] != kTokenVersion || fields[1] != verb || !valid_utf8(plain)) bad();
  ListState s;
  s.verb = fields[1];
  long generation = 0;
  if (!parse_count(fields[2], generation) || !parse_count(fields[3], s.cursor) || !parse_count(fields[4], s.total)) {
    bad();
  }
  s.generation = static_cast<uint64_t>(generation);
  s.prefix = fields[5];
  s.set = fields[6];
  s.from = fields[7];
  s.until = fields[8];
  s.after_id = fields[9];
  if (s.prefix != kOaiDcPrefix || !fonds_of_set(s.set.empty() ? kSetRoot : s.set) ||
      (!s.after_id.empty() && !valid_record_id(s.after_id)) || s.cursor > s.total) {
    bad();
  }
  return s;
}

// --- Dublin Core ----------------------------------------------------------------

// ISAD(G) level names, which harvesters of archival descriptions know.
const char* isad_level(archive::Level level) {
  switch (level) {
    case archive::Level::Fonds:
      return "fonds";
    case archive::Level::Series:
      return "series";
    case archive::Level::Volume:
      return "file";
    case archive::Level::Item:
      return "item";
  }
  return "item";
}

std::string rights_text(const PublicRecord& r, Lang lang) {
  const archive::Messages& m = archive::Messages::get(lang);
  std::string text = m.t(archive::access_message_key(r.access));
  std::string grounds;
  for (const auto& code : r.grounds) {
    if (!archive::find_ground(code)) continue;
    if (!grounds.empty()) grounds += lang == Lang::Ja ? "、" : "; ";
    grounds += m.t(archive::ground_message_key(code));
  }
  if (!grounds.empty()) text += (lang == Lang::Ja ? "（" : " (") + grounds + (lang == Lang::Ja ? "）" : ")");
  return text;
}

// The oai_dc record, built from the public view alone: description and names are
// in PublicRecord only when the effective status is open (archive::public_view).
void write_dublin_core(XmlWriter& xml, const PublicRecord& r, const std::string& base_url) {
  xml.open("oai_dc:dc",
           {{"xmlns:oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/"},
            {"xmlns:dc", "http://purl.org/dc/elements/1.1/"},
            {"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"},
            {"xsi:schemaLocation",
             "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"}});
  const XmlAttributes ja = {{"xml:lang", "ja"}};
  xml.element("dc:title", r.title, ja);
  xml.optional_element("dc:creator", r.creator, ja);
  xml.optional_element("dc:creator", r.department, ja);
  for (const auto& n : r.names) {
    xml.element(n.type == "place" ? "dc:coverage" : "dc:subject", n.text, ja);
  }
  xml.optional_element("dc:description", r.description, ja);
  xml.optional_element("dc:description", r.scope, ja);
  xml.optional_element("dc:description", r.history, ja);
  xml.optional_element("dc:date", r.date_text, ja);
  if (r.date) {
    const std::string start = r.date->start.iso(), end = r.date->end.iso();
    xml.element("dc:date", start == end ? start : start + "/" + end);
  }
  xml.element("dc:type", isad_level(r.level));
  xml.optional_element("dc:format", r.extent, ja);
  xml.element("dc:identifier", base_url + "/records/" + r.id);
  xml.optional_element("dc:identifier", r.call_number);
  xml.element("dc:language", "jpn");
  if (!r.parent_id.empty()) xml.element("dc:relation", base_url + "/records/" + r.parent_id);
  xml.element("dc:rights", rights_text(r, Lang::Ja), ja);
  xml.element("dc:rights", rights_text(r, Lang::En), {{"xml:lang", "en"}});
  xml.close();
}

// --- the response ----------------------------------------------------------------

class OaiResponse {
 public:
  OaiResponse(const std::string& base_url) : base_url_(base_url) {
    xml_.open("OAI-PMH", {{"xmlns", "http://www.openarchives.org/OAI/2.0/"},
                          {"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"},
                          {"xsi:schemaLocation",
                           "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"}});
    xml_.element("responseDate", archive::iso_utc(archive::now_seconds()));
  }

  // <request> echoes the arguments, except after badVerb/badArgument (spec §3.2).
  void request(const Request* req) {
    XmlAttributes attrs;
    if (req) {
      attrs.emplace_back("verb", req->verb);
      for (const auto& kv : req->args) attrs.push_back(kv);
    }
    xml_.element("request", base_url_ + "/oai", attrs);
  }

  XmlWriter& xml() { return xml_; }

  std::unique_ptr<Response> finish() {
    auto r = Response::text(xml_.finish(), "text/xml; charset=utf-8");
    r->header("Cache-Control", "no-store");
    return r;
  }

 private:
  std::string base_url_;
  XmlWriter xml_;
};

void write_header(XmlWriter& xml, const OaiSettings& s, const HarvestRecord& h) {
  xml.open("header");
  xml.element("identifier", oai_identifier(s, h.record.id));
  xml.element("datestamp", h.datestamp);
  xml.element("setSpec", set_spec(h.fonds_id));
  xml.close();
}

void write_record(XmlWriter& xml, const OaiSettings& s, const HarvestRecord& h, const std::string& base_url) {
  xml.open("record");
  write_header(xml, s, h);
  xml.open("metadata");
  write_dublin_core(xml, h.record, base_url);
  xml.close();
  xml.close();
}

void check_prefix(const std::string& prefix) {
  if (prefix != kOaiDcPrefix) fail("cannotDisseminateFormat", "only oai_dc is disseminated");
}

void identify(XmlWriter& xml, Catalog& catalog, const OaiSettings& s, const std::string& base_url) {
  std::string earliest = catalog.earliest_datestamp();
  if (earliest.empty()) earliest = archive::iso_utc(archive::now_seconds());
  xml.open("Identify");
  xml.element("repositoryName", s.repository_name);
  xml.element("baseURL", base_url + "/oai");
  xml.element("protocolVersion", "2.0");
  xml.element("adminEmail", s.admin_email);
  xml.element("earliestDatestamp", earliest);
  xml.element("deletedRecord", "no");
  xml.element("granularity", "YYYY-MM-DDThh:mm:ssZ");
  xml.open("description");
  xml.open("oai-identifier", {{"xmlns", "http://www.openarchives.org/OAI/2.0/oai-identifier"},
                              {"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"},
                              {"xsi:schemaLocation",
                               "http://www.openarchives.org/OAI/2.0/oai-identifier "
                               "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"}});
  xml.element("scheme", "oai");
  xml.element("repositoryIdentifier", s.repository_id);
  xml.element("delimiter", ":");
  xml.element("sampleIdentifier", oai_identifier(s, "S29-001"));
  xml.close();
  xml.close();
  xml.close();
}

void list_metadata_formats(XmlWriter& xml, Catalog& catalog, const OaiSettings& s, const Args& args) {
  auto it = args.find("identifier");
  if (it != args.end()) {
    const std::string id = record_id_of(s, it->second);
    if (id.empty() || !catalog.exists(id)) fail("idDoesNotExist", "no record has this identifier");
  }
  xml.open("ListMetadataFormats");
  xml.open("metadataFormat");
  xml.element("metadataPrefix", kOaiDcPrefix);
  xml.element("schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd");
  xml.element("metadataNamespace", "http://www.openarchives.org/OAI/2.0/oai_dc/");
  xml.close();
  xml.close();
}

void list_sets(XmlWriter& xml, Catalog& catalog, const Args& args) {
  if (args.count("resumptionToken")) fail("badResumptionToken", "the set list is never split");
  xml.open("ListSets");
  xml.open("set");
  xml.element("setSpec", kSetRoot);
  xml.element("setName", "出所（フォンド） / Fonds");
  xml.close();
  for (const auto& fonds : load_fonds(catalog)) {
    xml.open("set");
    xml.element("setSpec", set_spec(fonds.id));
    xml.element("setName", fonds.title);
    xml.close();
  }
  xml.close();
}

void list(XmlWriter& xml, Catalog& catalog, const OaiSettings& s, const Request& req, const std::string& base_url) {
  const bool with_metadata = req.verb == "ListRecords";
  ListState state;
  const uint64_t generation = catalog.generation();
  auto token = req.args.find("resumptionToken");
  if (token != req.args.end()) {
    state = decode_token(token->second, req.verb);
    if (state.generation != generation) {
      fail("badResumptionToken", "the catalog has changed since this list began; start the harvest again");
    }
  } else {
    state.verb = req.verb;
    state.generation = generation;
    state.prefix = req.args.at("metadataPrefix");
    Granularity from_g = Granularity::Day, until_g = Granularity::Day;
    if (auto f = req.args.find("from"); f != req.args.end()) state.from = parse_datestamp(f->second, false, from_g);
    if (auto u = req.args.find("until"); u != req.args.end()) state.until = parse_datestamp(u->second, true, until_g);
    if (!state.from.empty() && !state.until.empty()) {
      if (from_g != until_g) fail("badArgument", "from and until must have the same granularity");
      if (state.from > state.until) fail("badArgument", "from is later than until");
    }
    if (auto set = req.args.find("set"); set != req.args.end()) state.set = set->second;
    check_prefix(state.prefix);
  }
  const auto fonds = fonds_of_set(state.set.empty() ? kSetRoot : state.set);
  if (!fonds) fail("noRecordsMatch", "no such set");

  archive::StampQuery query;
  query.from = state.from;
  query.until = state.until;
  query.root_id = *fonds;
  query.after_id = state.after_id;
  query.limit = s.page_size;
  if (token == req.args.end()) {
    state.total = catalog.count_record_stamps(query);
    if (state.total == 0) fail("noRecordsMatch", "no record matches these arguments");
  }
  const auto stamps = catalog.record_stamps(query);
  const auto records = load_harvest_records(catalog, stamps);
  if (records.empty()) fail("noRecordsMatch", "no record matches these arguments");

  xml.open(req.verb);
  for (const auto& h : records) {
    if (with_metadata) {
      write_record(xml, s, h, base_url);
    } else {
      write_header(xml, s, h);
    }
  }
  const long cursor = state.cursor;
  const long sent = cursor + static_cast<long>(stamps.size());
  const XmlAttributes attrs = {{"completeListSize", std::to_string(state.total)}, {"cursor", std::to_string(cursor)}};
  if (sent < state.total) {
    state.cursor = sent;
    state.after_id = stamps.back().id;
    xml.element("resumptionToken", encode_token(state), attrs);
  } else if (cursor > 0) {
    xml.empty_element("resumptionToken", attrs);  // the last page of a split list
  }
  xml.close();
}

void get_record(XmlWriter& xml, Catalog& catalog, const OaiSettings& s, const Args& args, const std::string& base_url) {
  const std::string id = record_id_of(s, args.at("identifier"));
  if (id.empty()) fail("idDoesNotExist", "no record has this identifier");
  check_prefix(args.at("metadataPrefix"));
  HarvestRecord h;
  try {
    h = load_harvest_record(catalog, id);
  } catch (const archive::NotFound&) {
    fail("idDoesNotExist", "no record has this identifier");
  }
  xml.open("GetRecord");
  write_record(xml, s, h, base_url);
  xml.close();
}

}  // namespace

std::unique_ptr<Response> handle_oai(const RequestContext& ctx) {
  Catalog* catalog = ctx.services().catalog;
  if (!catalog) throw Unavailable("the catalog is not available");
  const OaiSettings settings = settings_for(*catalog);
  const std::string base_url = ctx.base_url();

  Request req;
  try {
    req = parse_request(ctx);
  } catch (const OaiError& e) {
    OaiResponse out(base_url);
    out.request(nullptr);
    out.xml().element("error", e.message, {{"code", e.code}});
    return out.finish();
  }

  // An error met halfway is answered by a fresh document, so no partial list leaves.
  OaiResponse out(base_url);
  out.request(&req);
  try {
    XmlWriter& xml = out.xml();
    if (req.verb == "Identify")
      identify(xml, *catalog, settings, base_url);
    else if (req.verb == "ListMetadataFormats")
      list_metadata_formats(xml, *catalog, settings, req.args);
    else if (req.verb == "ListSets")
      list_sets(xml, *catalog, req.args);
    else if (req.verb == "GetRecord")
      get_record(xml, *catalog, settings, req.args, base_url);
    else
      list(xml, *catalog, settings, req, base_url);
  } catch (const OaiError& e) {
    OaiResponse err(base_url);
    err.request(e.code == "badArgument" ? nullptr : &req);
    err.xml().element("error", e.message, {{"code", e.code}});
    return err.finish();
  }
  return out.finish();
}

}  // namespace monjo::web
