// One request as the handlers see it (after libkiwix's RequestContext): method,
// path, decoded query parameters with typed access and defaults, path parameters
// taken from the route pattern, the chosen language, and the per-worker services
// (read-only catalog and public searcher). Built once per request by the router;
// independent of Poco so handlers can be tested in process.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/search/federation.h"
#include "archive/base/errors.h"
#include "archive/staff/users.h"
#include "web/http/i18n.h"

namespace monjo::archive {
class Catalog;
class Searcher;
}  // namespace monjo::archive

namespace monjo::web {

class SitemapCache;
struct StaffServices;
struct MetricsSources;

// Longest free-text query accepted (bytes); longer is a 400, not a truncation.
constexpr size_t kMaxQueryBytes = 1000;
// The deepest results page and the largest page are archive::kMaxPage and
// archive::kMaxPageSize (archive/search/search_request.h).

// What a worker thread owns; the router hands it to every handler.
struct Services {
  archive::Catalog* catalog = nullptr;      // read-only
  archive::Searcher* searcher = nullptr;    // the public index; null when there is none yet
  SitemapCache* sitemap = nullptr;          // shared between workers
  std::string base_url;                     // "http://host:port" when configured, else empty
  StaffServices* staff = nullptr;           // use requests, accounts, audit (web/staff/services.h)
  const MetricsSources* metrics = nullptr;  // what /metrics reports (web/metrics.h)
  // The staff index, handed to /staff/search only (web/staff/search.cc); null elsewhere
  // and when there is none yet.
  archive::Searcher* staff_searcher = nullptr;
  // monjo.conf [federation] (archive/search/federation.h): the archives the public
  // searcher searches as one; empty for a portal of this archive alone.
  const std::vector<archive::FederatedArchive>* federation = nullptr;
  // The archive of `key` in the federation, or null.
  const archive::FederatedArchive* archive_of(const std::string& key) const {
    if (!federation) return nullptr;
    for (const auto& a : *federation)
      if (a.key == key) return &a;
    return nullptr;
  }
  // A read replica (`monjo serve --replica`, docs/scaling.md): no catalog and no
  // staff stores; the writer's routes go to writer_url ("" when none is configured).
  bool replica = false;
  std::string writer_url;
};

// The client's input is wrong in a way a message of the catalogs can name: 400 with
// that message (`detail_key`, e.g. "error_query_syntax").
struct BadRequest : archive::InputError {
  BadRequest(const std::string& what, std::string key) : archive::InputError(what), detail_key(std::move(key)) {}
  std::string detail_key;
};

// A condition that is neither the client's fault nor a bug: 503.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A file sent in a multipart/form-data body (the staff pages' catalog upload).
struct UploadedFile {
  std::string field;         // the form control's name
  std::string filename;      // as the browser named it (the last path component only)
  std::string content_type;  // as sent; never trusted
  std::string data;
};

// Parts of a multipart/form-data body beyond which it is refused (InputError).
constexpr size_t kMaxFormParts = 100;

class RequestContext {
 public:
  // `target` is the raw request target ("/search?q=%E8%AD%B0"). Throws
  // archive::InputError on malformed percent-encoding or invalid UTF-8.
  RequestContext(std::string method, const std::string& target, std::map<std::string, std::string> headers,
                 Services services);

  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }  // raw (still percent-encoded)
  const std::string& raw_query() const { return raw_query_; }
  Lang lang() const { return lang_; }
  const Messages& messages() const { return Messages::get(lang_); }
  const std::string& t(const std::string& key) const { return messages().t(key); }
  const Services& services() const { return services_; }

  // Header by lower-case name, or "".
  std::string header(const std::string& lower_name) const;

  // First value of a parameter, trimmed, or `fallback`.
  std::string get_param(const std::string& name, const std::string& fallback = {}) const;
  // Every non-empty value (a facet may be refined twice: level=volume&level=item).
  std::vector<std::string> get_params(const std::string& name) const;
  bool has_param(const std::string& name) const;
  // An integer clamped to [min, max]; an absent or empty one is `fallback`; a
  // value that is not a number is an InputError (400). Huge numbers clamp to max.
  int get_int_param(const std::string& name, int fallback, int min, int max) const;
  // "0"/"false"/"no"/"off" are false, anything else present is true.
  bool get_bool_param(const std::string& name, bool fallback) const;
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

  const std::string& path_param(const std::string& name) const;
  void set_path_params(std::map<std::string, std::string> p) { path_params_ = std::move(p); }

  // Query string for this request with the language forced to `lang`.
  std::string url_with_lang(Lang lang) const;
  // The site's absolute base URL: the configured one, else from a sane Host header.
  std::string base_url() const;

  // --- the request body (POST), the client and the staff session ---
  // Keeps the body; an application/x-www-form-urlencoded one is parsed into form
  // fields, a multipart/form-data one (web/http/multipart.cc, Poco's reader) into
  // form fields and files (and not kept as the body). Throws archive::InputError on
  // malformed escapes, a malformed multipart body or invalid UTF-8 in a field.
  void set_body(const std::string& content_type, std::string body);
  const std::string& body() const { return body_; }
  // First value of a form field, trimmed unless `raw` (passwords), or `fallback`.
  std::string get_form(const std::string& name, const std::string& fallback = {}, bool raw = false) const;
  // Every value of a repeated field (checkboxes), trimmed, empty ones dropped.
  std::vector<std::string> get_form_all(const std::string& name) const;
  // Every value of a repeated field in order, trimmed, empty ones kept (the columns
  // of a table of inputs, one value per row).
  std::vector<std::string> get_form_column(const std::string& name) const;
  bool has_form(const std::string& name) const;
  // The first file sent under that form control's name, or nullptr.
  const UploadedFile* file(const std::string& field) const;
  // A cookie's value from the Cookie header, or "".
  std::string cookie(const std::string& name) const;
  // The client's address and whether the request reached us over TLS (directly or,
  // when the server trusts its proxy, as X-Forwarded-Proto says).
  void set_client(std::string ip, bool secure) {
    client_ip_ = std::move(ip);
    secure_ = secure;
  }
  const std::string& client_ip() const { return client_ip_; }
  bool secure() const { return secure_; }
  // The signed-in staff session (set by the router for staff routes and pages).
  void set_session(std::optional<archive::Session> session) { session_ = std::move(session); }
  const archive::Session* session() const { return session_ ? &*session_ : nullptr; }
  // The pattern of the route that answered ("/records/{id}"), set by the router; empty
  // when no route matched the path. Metrics count by it.
  void set_route(std::string pattern) { route_ = std::move(pattern); }
  const std::string& route() const { return route_; }

 private:
  std::string method_;
  std::string path_;
  std::string raw_query_;
  std::map<std::string, std::string> headers_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::map<std::string, std::string> path_params_;
  Services services_;
  Lang lang_ = Lang::Ja;
  std::string body_;
  std::vector<std::pair<std::string, std::string>> form_;
  std::vector<UploadedFile> files_;
  std::string client_ip_;
  bool secure_ = false;
  std::optional<archive::Session> session_;
  std::string route_;
};

// Percent-decodes one URL component ("+" as space when `plus_is_space`).
// Throws archive::InputError on a malformed escape.
std::string url_decode(std::string_view s, bool plus_is_space);
// "a=1&b=x+y" into decoded pairs; throws archive::InputError on bad escapes or UTF-8.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text);
// A multipart/form-data body: text fields into `fields` (UTF-8 checked), files into
// `files`. `content_type` carries the boundary. Throws archive::InputError when the
// body is malformed or has more than kMaxFormParts parts.
void parse_multipart(const std::string& content_type, const std::string& body,
                     std::vector<std::pair<std::string, std::string>>& fields, std::vector<UploadedFile>& files);

}  // namespace monjo::web
