// SQLite FTS5 and Groonga runners (see peers.h).
#include "tools/bench/peers.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace monjo::bench {

// ---------------------------------------------------------------------------------
// SQLite FTS5

namespace {

using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Statement prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in " + sql);
  return Statement(stmt, &sqlite3_finalize);
}

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(std::string("sqlite: ") + message + " in " + sql);
  }
}

// WHERE clause for a translated query; parameters are bound by bind_where in the
// same order.
std::string where(const PeerQuery& q, bool with_row = false) {
  std::vector<std::string> parts;
  if (!fts5_match(q).empty()) parts.push_back("records MATCH ?");
  if (!q.level.empty()) parts.push_back("level = ?");
  if (!q.dept.empty()) parts.push_back("dept = ?");
  if (q.start_max) parts.push_back("date_start <= ? AND date_start > 0");
  if (q.end_min) parts.push_back("date_end >= ?");
  if (with_row) parts.push_back("rowid = ?");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? " WHERE " : " AND ") + p;
  return out;
}

void bind_where(sqlite3_stmt* stmt, const PeerQuery& q, long row = 0) {
  int i = 0;
  std::string match = fts5_match(q);
  if (!match.empty()) sqlite3_bind_text(stmt, ++i, match.c_str(), -1, SQLITE_TRANSIENT);
  if (!q.level.empty()) sqlite3_bind_text(stmt, ++i, q.level.c_str(), -1, SQLITE_TRANSIENT);
  if (!q.dept.empty()) sqlite3_bind_text(stmt, ++i, q.dept.c_str(), -1, SQLITE_TRANSIENT);
  if (q.start_max) sqlite3_bind_int(stmt, ++i, q.start_max);
  if (q.end_min) sqlite3_bind_int(stmt, ++i, q.end_min);
  if (row) sqlite3_bind_int64(stmt, ++i, row);
}

// Steps through every row and reads every column, so that the work (snippets
// included) is really done, as it would be for a page.
size_t drain(sqlite3_stmt* stmt) {
  size_t bytes = 0;
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(sqlite3_db_handle(stmt)));
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) bytes += static_cast<size_t>(sqlite3_column_bytes(stmt, c));
  }
  return bytes;
}

}  // namespace

Fts5::Fts5(const std::string& db_path) {
  if (sqlite3_open(db_path.c_str(), &db_) != SQLITE_OK)
    throw std::runtime_error("cannot open " + db_path + ": " + sqlite3_errmsg(db_));
}

Fts5::~Fts5() {
  sqlite3_close(db_);
}

double Fts5::load(const std::vector<ExportedRecord>& records) {
  auto started = std::chrono::steady_clock::now();
  exec(db_, "DROP TABLE IF EXISTS records");
  exec(db_,
       "CREATE VIRTUAL TABLE records USING fts5(title, body, id UNINDEXED, level UNINDEXED, fonds UNINDEXED, "
       "dept UNINDEXED, access UNINDEXED, date_start UNINDEXED, date_end UNINDEXED, decade UNINDEXED, "
       "tokenize = 'trigram')");
  exec(db_, "BEGIN");
  auto insert = prepare(db_,
                        "INSERT INTO records(rowid, title, body, id, level, fonds, dept, access, date_start, "
                        "date_end, decade) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& r : records) {
    sqlite3_stmt* s = insert.get();
    sqlite3_bind_int64(s, 1, r.row);
    sqlite3_bind_text(s, 2, r.title.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r.body.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, r.id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, r.level.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, r.fonds.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, r.dept.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, r.access.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 9, r.start);
    sqlite3_bind_int(s, 10, r.end);
    sqlite3_bind_text(s, 11, r.decade.c_str(), -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }
  exec(db_, "COMMIT");
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

long Fts5::count(const std::string& sql, const PeerQuery& q, long row) {
  auto stmt = prepare(db_, sql);
  bind_where(stmt.get(), q, row);
  long n = 0;
  if (sqlite3_step(stmt.get()) == SQLITE_ROW) n = sqlite3_column_int64(stmt.get(), 0);
  return n;
}

long Fts5::run(const PeerQuery& q, Mode mode) {
  const bool match = !fts5_match(q).empty();
  const std::string w = where(q);
  std::string top = "SELECT id, title";
  if (mode == Mode::Full && match) top += ", snippet(records, 1, '<mark>', '</mark>', '…', 16)";
  top += " FROM records" + w + (match ? " ORDER BY rank" : "") + (mode == Mode::Full ? " LIMIT 20" : " LIMIT 10");
  auto stmt = prepare(db_, top);
  bind_where(stmt.get(), q);
  drain(stmt.get());
  long total = count("SELECT count(*) FROM records" + w, q);
  if (mode == Mode::Full) {
    for (const char* column : {"decade", "dept", "level", "access", "fonds"}) {
      auto facet = prepare(db_, std::string("SELECT ") + column + ", count(*) FROM records" + w + " GROUP BY " +
                                    column + " ORDER BY 2 DESC LIMIT 20");
      bind_where(facet.get(), q);
      drain(facet.get());
    }
  }
  return total;
}

bool Fts5::matches(const PeerQuery& q, long row) {
  if (fts5_match(q).empty()) return false;
  return count("SELECT count(*) FROM records" + where(q, true), q, row) > 0;
}

// ---------------------------------------------------------------------------------
// Groonga

Groonga::Groonga(const std::string& groonga_bin, const std::string& db_path) {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
    execlp(groonga_bin.c_str(), groonga_bin.c_str(), db_path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  to_child_ = in[1];
  from_child_ = out[0];
  // Groonga caches select results by default; monjo caches none, and a benchmark
  // that repeats its queries would time only the cache.
  command("cache_limit --max 0");
}

Groonga::~Groonga() {
  if (to_child_ >= 0) close(to_child_);  // end of input: groonga exits
  if (from_child_ >= 0) close(from_child_);
  if (pid_ > 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

Groonga::Answer Groonga::command(const std::string& line) {
  std::string out = line + "\n";
  for (size_t done = 0; done < out.size();) {
    ssize_t n = write(to_child_, out.data() + done, out.size() - done);
    if (n <= 0) throw std::runtime_error("groonga: write failed (is the groonga binary there?)");
    done += static_cast<size_t>(n);
  }
  size_t newline;
  while ((newline = buffer_.find('\n')) == std::string::npos) {
    char chunk[65536];
    ssize_t n = read(from_child_, chunk, sizeof chunk);
    if (n <= 0) throw std::runtime_error("groonga: no answer to " + line);
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  std::string response = buffer_.substr(0, newline);
  buffer_.erase(0, newline + 1);
  auto j = nlohmann::json::parse(response);
  const auto& header = j.at(0);
  if (header.at(0).get<int>() != 0) throw std::runtime_error("groonga: " + response.substr(0, 300) + " for " + line);
  Answer a;
  a.elapsed_ms = header.at(2).get<double>() * 1000.0;
  const auto& body = j.at(1);
  if (body.is_array()) a.total = body.at(0).at(0).at(0).get<long>();
  return a;
}

std::string Groonga::select_path(const PeerQuery& q, Mode mode) {
  std::string path = "/d/select?table=Records";
  const std::string query = groonga_query(q), filter = groonga_filter(q);
  if (!query.empty()) {
    path += "&match_columns=" + url_encode("title * 10 || body") + "&query=" + url_encode(query);
    path += "&sort_keys=" + url_encode("-_score");
  }
  if (!filter.empty()) path += "&filter=" + url_encode(filter);
  if (mode == Mode::Lean) {
    path += "&limit=10&output_columns=" + url_encode("_key,title");
  } else {
    path += "&limit=20&output_columns=" + url_encode(query.empty() ? "_key,title" : "_key,title,snippet_html(body)");
    path += "&drilldown=" + url_encode("decade,dept,level,access,fonds") + "&drilldown_limit=20" +
            "&drilldown_sort_keys=" + url_encode("-_nsubrecs");
  }
  return path;
}

Groonga::Answer Groonga::run(const PeerQuery& q, Mode mode) {
  return command(select_path(q, mode));
}

std::vector<std::string> Groonga::ranked(const PeerQuery& q, int n) {
  std::string path = select_path(q, Mode::Lean);
  const std::string limit = "&limit=10&";
  const size_t at = path.find(limit);
  if (at != std::string::npos) path.replace(at, limit.size(), "&limit=" + std::to_string(n) + "&");
  const std::string line = path + "\n";
  for (size_t done = 0; done < line.size();) {
    ssize_t w = write(to_child_, line.data() + done, line.size() - done);
    if (w <= 0) throw std::runtime_error("groonga: write failed");
    done += static_cast<size_t>(w);
  }
  size_t newline;
  while ((newline = buffer_.find('\n')) == std::string::npos) {
    char chunk[65536];
    ssize_t r = read(from_child_, chunk, sizeof chunk);
    if (r <= 0) throw std::runtime_error("groonga: no answer to " + path);
    buffer_.append(chunk, static_cast<size_t>(r));
  }
  auto j = nlohmann::json::parse(buffer_.substr(0, newline));
  buffer_.erase(0, newline + 1);
  if (j.at(0).at(0).get<int>() != 0) throw std::runtime_error("groonga: error for " + path);
  std::vector<std::string> out;
  const auto& rows = j.at(1).at(0);
  for (size_t i = 2; i < rows.size(); ++i) out.push_back(rows.at(i).at(0).get<std::string>());
  return out;
}

bool Groonga::matches(const PeerQuery& q, const std::string& key) {
  const std::string query = groonga_query(q);
  if (query.empty()) return false;
  std::string filter = "_key == \"" + key + "\"";
  std::string path = "/d/select?table=Records&match_columns=" + url_encode("title || body") +
                     "&query=" + url_encode(query) + "&filter=" + url_encode(filter) + "&limit=0&output_columns=_key";
  return command(path).total > 0;
}

}  // namespace monjo::bench
