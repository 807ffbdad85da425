#include "web/http/response.h"

namespace monjo::web {

std::unique_ptr<Response> Response::html(std::string body, int status) {
  auto r = std::make_unique<Response>();
  r->status = status;
  r->body = std::move(body);
  return r;
}

std::unique_ptr<Response> Response::json(std::string body, int status) {
  auto r = std::make_unique<Response>();
  r->status = status;
  r->content_type = "application/json; charset=utf-8";
  r->body = std::move(body);
  return r;
}

std::unique_ptr<Response> Response::text(std::string body, std::string content_type, int status) {
  auto r = std::make_unique<Response>();
  r->status = status;
  r->content_type = std::move(content_type);
  r->body = std::move(body);
  return r;
}

std::unique_ptr<Response> Response::redirect(const std::string& location, int status) {
  auto r = std::make_unique<Response>();
  r->status = status;
  r->content_type = "text/plain; charset=utf-8";
  r->header("Location", location);
  return r;
}

}  // namespace monjo::web
