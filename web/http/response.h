// What a handler returns (handlers are small and return a response, after
// libkiwix): status, content type, body and extra headers. The server adds the
// security headers and writes it out; handlers never touch the socket.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace monjo::web {

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  static std::unique_ptr<Response> html(std::string body, int status = 200);
  static std::unique_ptr<Response> json(std::string body, int status = 200);
  static std::unique_ptr<Response> text(std::string body, std::string content_type, int status = 200);
  static std::unique_ptr<Response> redirect(const std::string& location, int status = 302);
};

}  // namespace monjo::web
