// libFuzzer: what the web layer parses from a client before any handler runs: the
// request target (path, query, percent-encoding, UTF-8), cookies and language from
// the headers, an application/x-www-form-urlencoded body, and a JSON body as the
// request API reads it (nlohmann::json::parse without exceptions). Bad input is
// refused with archive::InputError; nothing else escapes. The portal has no
// multipart parser (forms are urlencoded), so there is none to fuzz.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "archive/base/errors.h"
#include "web/http/request_context.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  // Three parts split at the first two NUL bytes: target, Cookie header, body.
  const size_t a = input.find('\0');
  const size_t b = a == std::string::npos ? std::string::npos : input.find('\0', a + 1);
  const std::string target = "/" + input.substr(0, a);
  const std::string cookie = a == std::string::npos ? "" : input.substr(a + 1, b == std::string::npos ? b : b - a - 1);
  const std::string body = b == std::string::npos ? input : input.substr(b + 1);
  using monjo::web::RequestContext;
  try {
    std::map<std::string, std::string> headers = {{"cookie", cookie}, {"accept-language", cookie}};
    RequestContext ctx("POST", target, headers, {});
    ctx.set_body("application/x-www-form-urlencoded", body);
    ctx.get_form("name");
    ctx.get_form_all("item");
    ctx.get_param("q");
    ctx.cookie("monjo_session");
  } catch (const monjo::archive::InputError&) {
  }
  try {
    monjo::web::parse_urlencoded(body);
  } catch (const monjo::archive::InputError&) {
  }
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (value.is_string()) value.get<std::string>();
    }
  }
  return 0;
}
