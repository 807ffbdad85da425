// Thin RAII layer over the SQLite C API: a connection
// with a per-connection cache of prepared statements, statements that bind
// parameters (never string-built SQL), and a Transaction that commits explicitly
// and rolls back in its destructor.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace monjo::archive::sql {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  // Binding: 1-based indexes, as in SQLite.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, long long value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  // Binds NULL for an empty string / nullopt.
  Statement& bind_opt(int index, std::string_view text);
  Statement& bind_opt(int index, const std::optional<int>& value);
  Statement& bind_opt(int index, const std::optional<int64_t>& value);

  // Steps once: true when a row is available.
  bool step();
  // Steps to completion (for statements that return no rows).
  void run();
  void reset();

  std::string text(int col) const;
  int64_t integer(int col) const;
  double real(int col) const;
  bool is_null(int col) const;
  std::optional<int64_t> opt_integer(int col) const;

  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  enum class Mode { ReadOnly, ReadWrite };
  // ReadOnly works on a read-only directory too (a mounted snapshot, a backup): when
  // SQLite cannot set up its WAL index there, the file is opened as immutable.
  // ReadWrite on a file or directory that cannot be written throws at once, naming it.
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const char* sql);  // for DDL and pragmas without parameters
  // Returns a cached prepared statement, reset and with bindings cleared.
  Statement prepare(const std::string& sql);
  int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  Mode mode() const { return mode_; }
  // The last error (or that of result code `rc`, from a call that does not set the
  // message), with the file and the system's reason when a file failed.
  std::string last_error(int rc = -1) const;

 private:
  void open(int flags, const std::string& name);
  int probe();  // the primary result code of a first read
  sqlite3* db_ = nullptr;
  std::string path_;
  Mode mode_;
  std::map<std::string, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE … COMMIT; rolls back unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace monjo::archive::sql
