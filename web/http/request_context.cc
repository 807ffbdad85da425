#include "web/http/request_context.h"

#include <cctype>
#include <stdexcept>

#include "archive/base/errors.h"
#include "web/http/text.h"

namespace monjo::web {

using archive::InputError;

std::string url_decode(std::string_view s, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      const int hi = i + 1 < s.size() ? hex(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hex(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw InputError("malformed percent-encoding");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

RequestContext::RequestContext(std::string method, const std::string& target,
                               std::map<std::string, std::string> headers, Services services)
    : method_(std::move(method)), headers_(std::move(headers)), services_(std::move(services)) {
  const auto qpos = target.find('?');
  path_ = target.substr(0, qpos);
  if (qpos != std::string::npos) raw_query_ = target.substr(qpos + 1);
  const auto hash = raw_query_.find('#');
  if (hash != std::string::npos) raw_query_.erase(hash);

  params_ = parse_urlencoded(raw_query_);
  lang_ = choose_language(get_param("lang"), header("accept-language"));
}

std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('&', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key = url_decode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
    if (!valid_utf8(key) || !valid_utf8(value)) throw InputError("parameters must be UTF-8");
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

void RequestContext::set_body(const std::string& content_type, std::string body) {
  body_ = std::move(body);
  form_.clear();
  const std::string type = content_type.substr(0, content_type.find(';'));
  files_.clear();
  if (trim(type) == "application/x-www-form-urlencoded") {
    form_ = parse_urlencoded(body_);
    for (auto& kv : form_) kv.second = unix_lines(kv.second);
  } else if (trim(type) == "multipart/form-data") {
    parse_multipart(content_type, body_, form_, files_);
    for (auto& kv : form_) kv.second = unix_lines(kv.second);
    body_.clear();
    body_.shrink_to_fit();
  }
}

const UploadedFile* RequestContext::file(const std::string& field) const {
  for (const auto& f : files_) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

std::string RequestContext::get_form(const std::string& name, const std::string& fallback, bool raw) const {
  for (const auto& [k, v] : form_) {
    if (k != name) continue;
    std::string t = raw ? v : trim_typed(v);
    return t.empty() ? fallback : t;
  }
  return fallback;
}

std::vector<std::string> RequestContext::get_form_all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : form_) {
    if (k != name) continue;
    std::string t = trim_typed(v);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> RequestContext::get_form_column(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : form_) {
    if (k == name) out.push_back(trim_typed(v));
  }
  return out;
}

bool RequestContext::has_form(const std::string& name) const {
  for (const auto& kv : form_) {
    if (kv.first == name) return true;
  }
  return false;
}

std::string RequestContext::cookie(const std::string& name) const {
  const std::string all = header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    auto end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    const std::string part = trim(std::string_view(all).substr(pos, end - pos));
    pos = end + 1;
    const auto eq = part.find('=');
    if (eq != std::string::npos && part.compare(0, eq, name) == 0 && eq == name.size()) return part.substr(eq + 1);
  }
  return {};
}

std::string RequestContext::header(const std::string& lower_name) const {
  auto it = headers_.find(lower_name);
  return it == headers_.end() ? std::string() : it->second;
}

std::string RequestContext::get_param(const std::string& name, const std::string& fallback) const {
  for (const auto& [k, v] : params_) {
    if (k == name) {
      std::string t = trim_typed(v);
      return t.empty() ? fallback : t;
    }
  }
  return fallback;
}

std::vector<std::string> RequestContext::get_params(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params_) {
    if (k != name) continue;
    std::string t = trim_typed(v);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

bool RequestContext::has_param(const std::string& name) const {
  for (const auto& kv : params_) {
    if (kv.first == name) return true;
  }
  return false;
}

int RequestContext::get_int_param(const std::string& name, int fallback, int min, int max) const {
  const std::string v = get_param(name);
  if (v.empty()) return fallback;
  size_t i = 0;
  bool negative = false;
  if (v[0] == '-' || v[0] == '+') {
    negative = v[0] == '-';
    i = 1;
  }
  if (i == v.size()) throw InputError("parameter " + name + " must be a number");
  long long n = 0;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') throw InputError("parameter " + name + " must be a number");
    if (n < 1000000000LL) n = n * 10 + (v[i] - '0');  // saturate: anything huge clamps
  }
  if (negative) n = -n;
  if (n < min) return min;
  if (n > max) return max;
  return static_cast<int>(n);
}

bool RequestContext::get_bool_param(const std::string& name, bool fallback) const {
  if (!has_param(name)) return fallback;
  const std::string v = get_param(name);
  return !(v == "0" || v == "false" || v == "no" || v == "off");
}

const std::string& RequestContext::path_param(const std::string& name) const {
  auto it = path_params_.find(name);
  if (it == path_params_.end()) throw std::logic_error("no path parameter " + name);
  return it->second;
}

std::string RequestContext::url_with_lang(Lang lang) const {
  std::vector<std::pair<std::string, std::string>> p;
  for (const auto& kv : params_) {
    if (kv.first != "lang") p.push_back(kv);
  }
  p.emplace_back("lang", lang_code(lang));
  return path_ + "?" + query_string(p);
}

std::string RequestContext::base_url() const {
  if (!services_.base_url.empty()) return services_.base_url;
  // Only a plain host[:port] is trusted; anything else falls back to localhost.
  std::string host = header("host");
  bool ok = !host.empty() && host.size() <= 255;
  for (const char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')) {
      ok = false;
    }
  }
  return "http://" + (ok ? host : std::string("localhost"));
}

}  // namespace monjo::web
