// The small exception hierarchy of the core: errors say what and where.
// The CLI prints InputError as `file:line: message`; the web layer maps each type
// to one HTTP status in one place.
#pragma once

#include <stdexcept>
#include <string>

namespace monjo::archive {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input from a user or a file. file/line are empty/0 when they do not apply.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message, std::string file = {}, long line = 0)
      : Error(message), file_(std::move(file)), line_(line) {}
  const std::string& file() const { return file_; }
  long line() const { return line_; }
  // "file:line: message" (or as much of it as is known).
  std::string where_what() const {
    std::string s;
    if (!file_.empty()) {
      s += file_;
      s += ':';
      if (line_ > 0) {
        s += std::to_string(line_);
        s += ':';
      }
      s += ' ';
    }
    s += what();
    return s;
  }

 private:
  std::string file_;
  long line_;
};

class NotFound : public Error {
 public:
  using Error::Error;
};

class Forbidden : public Error {
 public:
  using Error::Error;
};

class Conflict : public Error {
 public:
  using Error::Error;
};

}  // namespace monjo::archive
