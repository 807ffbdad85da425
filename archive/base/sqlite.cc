#include "archive/base/sqlite.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace monjo::archive::sql {
namespace {

std::string reason_text(int err) {
  std::string reason = std::strerror(err);
  if (reason.size() > 1 && reason[0] >= 'A' && reason[0] <= 'Z' && reason[1] >= 'a' && reason[1] <= 'z') {
    reason[0] = static_cast<char>(reason[0] - 'A' + 'a');
  }
  return reason;
}

// SQLite's message, and for a failing file (full, read-only, I/O) which file and the
// system's reason: "database or disk is full (/var/monjo/catalog.sqlite: no space
// left on device)".
std::string describe(sqlite3* db, const std::string& message, int rc = -1) {
  const int code = (rc >= 0 ? rc : sqlite3_extended_errcode(db)) & 0xff;
  if (code != SQLITE_FULL && code != SQLITE_IOERR && code != SQLITE_READONLY && code != SQLITE_CANTOPEN) {
    return message;
  }
  const char* file = sqlite3_db_filename(db, "main");
  std::string where = file && *file ? file : "the catalog";
  const int sys = sqlite3_system_errno(db);
  if (sys != 0) {
    where += ": " + reason_text(sys);
  } else if (code == SQLITE_FULL) {
    where += ": " + reason_text(ENOSPC);  // SQLite's own write path does not keep errno
  }
  return message + " (" + where + ")";
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw Error(what + ": " + (db ? describe(db, sqlite3_errmsg(db)) : "out of memory"));
}

void check(sqlite3_stmt* stmt, int rc, const char* what) {
  if (rc != SQLITE_OK) fail(sqlite3_db_handle(stmt), what);
}

}  // namespace

Statement& Statement::bind(int index, std::string_view text) {
  check(stmt_, sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT),
        "bind text");
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  check(stmt_, sqlite3_bind_int64(stmt_, index, value), "bind integer");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(stmt_, sqlite3_bind_double(stmt_, index, value), "bind real");
  return *this;
}

Statement& Statement::bind_null(int index) {
  check(stmt_, sqlite3_bind_null(stmt_, index), "bind null");
  return *this;
}

Statement& Statement::bind_opt(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Statement& Statement::bind_opt(int index, const std::optional<int>& value) {
  return value ? bind(index, static_cast<int64_t>(*value)) : bind_null(index);
}

Statement& Statement::bind_opt(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(sqlite3_db_handle(stmt_), "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

int64_t Statement::integer(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::optional<int64_t> Statement::opt_integer(int col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}

namespace {

std::string parent_dir(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

off_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

// "file:" URI of a path, for SQLITE_OPEN_URI (%, ? and # escaped).
std::string file_uri(const std::string& path) {
  std::string out = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Database::Database(const std::string& path, Mode mode) : path_(path), mode_(mode) {
  if (mode == Mode::ReadWrite && ::access(path.c_str(), F_OK) == 0) {
    // A read-only file or directory (a mounted snapshot, a backup) is said plainly
    // here, rather than as "attempt to write a readonly database" at the first write.
    // The directory must be writable too: SQLite keeps its -wal and -shm files there.
    for (const std::string& p : {path, parent_dir(path)}) {
      if (::access(p.c_str(), W_OK) != 0) throw Error("cannot write " + p + ": " + reason_text(errno));
    }
  }
  open(mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), path);
  if (mode == Mode::ReadOnly && probe() == SQLITE_CANTOPEN) {
    // A WAL database on a read-only directory without its -shm file: SQLite cannot
    // set up the shared index. Unless a -wal file still holds commits (which only a
    // writable copy can read), the main file is complete: open it as immutable.
    const std::string wal = path + "-wal";
    if (file_size(wal) > 0) {
      throw Error("cannot read " + path + ": " + wal +
                  " holds changes not yet in the main file and the directory is read-only (copy the data "
                  "directory somewhere writable, or take a backup with `monjo backup`)");
    }
    sqlite3_close(db_);
    db_ = nullptr;
    open(SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, file_uri(path) + "?immutable=1");
    if (probe() != SQLITE_OK) throw Error("cannot read " + path + ": " + sqlite3_errmsg(db_));
  }
  exec("PRAGMA foreign_keys = ON");
}

void Database::open(int flags, const std::string& name) {
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? describe(db_, sqlite3_errmsg(db_)) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error("cannot open " + path_ + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
}

int Database::probe() {
  return sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) & 0xff;
}

Database::~Database() {
  for (auto& entry : cache_) sqlite3_finalize(entry.second);
  sqlite3_close(db_);
}

void Database::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(std::string("sql: ") + describe(db_, msg));
  }
}

Statement Database::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    fail(db_, "prepare");
  }
  cache_.emplace(sql, stmt);
  return Statement(stmt);
}

std::string Database::last_error(int rc) const {
  return rc >= 0 ? describe(db_, sqlite3_errstr(rc), rc) : describe(db_, sqlite3_errmsg(db_));
}

int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
  return sqlite3_changes(db_);
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
      // The transaction may already have been rolled back by SQLite itself.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace monjo::archive::sql
