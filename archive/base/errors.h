// The small exception hierarchy of the core: errors say what and where.
// The CLI prints InputError as `file:line: message`; the web layer maps each type
// to one HTTP status in one place.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace monjo::archive {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input from a user or a file. file/line are empty/0 when they do not apply;
// `place` names a spot that a line number cannot ("Sheet1!C12" in a workbook).
class InputError : public Error {
 public:
  explicit InputError(const std::string& message, std::string file = {}, long line = 0, std::string place = {})
      : Error(message), file_(std::move(file)), line_(line), place_(std::move(place)) {}
  const std::string& file() const { return file_; }
  long line() const { return line_; }
  const std::string& place() const { return place_; }
  // "file:line: message", "file:Sheet1!C12: message" (or as much of it as is known).
  std::string where_what() const {
    std::string s;
    if (!file_.empty()) {
      s += file_;
      s += ':';
      if (!place_.empty()) {
        s += place_;
        s += ':';
      } else if (line_ > 0) {
        s += std::to_string(line_);
        s += ':';
      }
      s += ' ';
    }
    s += what();
    return s;
  }
  // Every problem, one per line (InputErrors has more than one).
  virtual std::string report() const { return where_what(); }

 private:
  std::string file_;
  long line_;
  std::string place_;
};

// Importers report every problem they find, up to this many, then "and N more".
constexpr size_t kMaxReportedProblems = 200;

// Several problems found at once (an import that checks a whole file before
// refusing it). The exception itself is the first of them.
class InputErrors : public InputError {
 public:
  InputErrors(std::vector<InputError> problems, long more)
      : InputError(problems.front()), problems_(std::move(problems)), more_(more) {}
  const std::vector<InputError>& problems() const { return problems_; }
  long more() const { return more_; }  // found beyond those listed
  long count() const { return static_cast<long>(problems_.size()) + more_; }
  std::string report() const override {
    std::string s;
    for (const auto& p : problems_) {
      if (!s.empty()) s += '\n';
      s += p.where_what();
    }
    if (more_ > 0) s += "\n... and " + std::to_string(more_) + " more";
    return s;
  }

 private:
  std::vector<InputError> problems_;
  long more_;
};

// Collects the problems of a check, the first kMaxReportedProblems kept in order of
// file and line; raise() throws them (nothing when there were none).
class Problems {
 public:
  explicit Problems(size_t limit = kMaxReportedProblems) : limit_(limit) {}
  void add(InputError e) {
    if (kept_.size() < limit_) {
      kept_.push_back(std::move(e));
    } else {
      ++more_;
    }
  }
  void add(const std::string& message, const std::string& file, long line, const std::string& place = {}) {
    add(InputError(message, file, line, place));
  }
  bool any() const { return !kept_.empty(); }
  long count() const { return static_cast<long>(kept_.size()) + more_; }
  void raise() const {
    if (kept_.empty()) return;
    // Files in the order they were read, each by line.
    std::vector<std::string> files;
    auto file_rank = [&files](const std::string& f) {
      return static_cast<size_t>(std::find(files.begin(), files.end(), f) - files.begin());
    };
    for (const auto& e : kept_) {
      if (file_rank(e.file()) == files.size()) files.push_back(e.file());
    }
    std::vector<InputError> sorted = kept_;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const InputError& a, const InputError& b) {
      const size_t fa = file_rank(a.file()), fb = file_rank(b.file());
      return fa != fb ? fa < fb : a.line() < b.line();
    });
    if (sorted.size() == 1 && more_ == 0) throw sorted.front();
    throw InputErrors(std::move(sorted), more_);
  }

 private:
  size_t limit_;
  std::vector<InputError> kept_;
  long more_ = 0;
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
