#include "indexer/retention_list.h"

#include <fstream>
#include <map>
#include <set>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/base/strings.h"
#include "archive/catalog/catalog.h"
#include "archive/dates/japanese_date.h"
#include "indexer/index_writer.h"

namespace monjo::indexer {

namespace {

using archive::InputError;

const std::vector<std::string_view> kRequired = {"title", "created", "retention", "expiry"};

std::string header_of(std::string_view field) {
  return archive::text_ja("retention_col_" + std::string(field));
}

std::string known_headers() {
  std::string out;
  for (const auto f : retention_columns()) out += (out.empty() ? "" : ", ") + header_of(f);
  return out;
}

std::string field_for_header(const std::string& header) {
  for (const auto f : retention_columns()) {
    const std::string key = "retention_col_" + std::string(f);
    if (header == archive::text_ja(key) || header == archive::text_en(key)) return std::string(f);
  }
  return {};
}

// Full-width digits (０-９) as ASCII: what a Japanese IME types in a cell.
std::string ascii_digits(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x90 && d <= 0x99) {
        out += static_cast<char>('0' + (d - 0x90));
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

bool digits_only(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

const std::vector<std::string_view>& retention_columns() {
  static const std::vector<std::string_view> kColumns = {"department", "title",       "created",  "retention",
                                                         "expiry",     "file_number", "quantity", "notes"};
  return kColumns;
}

std::optional<int> parse_fiscal_year(std::string_view text) {
  std::string t = ascii_digits(archive::trim_typed(text));
  if (t.empty()) return std::nullopt;
  const std::string suffix = "年度";
  std::string bare = t;
  if (bare.size() > suffix.size() && bare.compare(bare.size() - suffix.size(), suffix.size(), suffix) == 0) {
    bare.erase(bare.size() - suffix.size());
  }
  if (digits_only(bare) && bare.size() == 4) {
    const int y = std::stoi(bare);
    if (y >= 1868 && y <= 2200) return y;
    return std::nullopt;
  }
  const auto w = archive::read_date(t);
  if (!w || w->last) return std::nullopt;
  if (w->first.kind == archive::WrittenPoint::Kind::Fiscal) return w->interval.start.y;
  // An era year without a month (令和6, R6): the 年度 that starts in it.
  if (w->first.kind == archive::WrittenPoint::Kind::Plain && w->first.month == 0 &&
      w->interval.start.y == w->interval.end.y) {
    return w->interval.start.y;
  }
  return std::nullopt;
}

RetentionList read_retention_list(const std::string& path, const RetentionListOptions& options,
                                  const std::string& display_name) {
  const std::string name = display_name.empty() ? path : display_name;
  archive::Problems problems;
  formats::ReadOptions read = options.read;
  read.problems = nullptr;
  formats::check_input_file(path, read);
  std::string head(4, '\0');
  {
    std::ifstream in(path, std::ios::binary);
    in.read(head.data(), 4);
    head.resize(static_cast<size_t>(in.gcount()));
  }
  const bool workbook =
      formats::looks_like_zip(head) || (path.size() > 5 && path.compare(path.size() - 5, 5, ".xlsx") == 0);
  std::unique_ptr<formats::GridSource> grid;
  try {
    grid = workbook ? formats::open_xlsx(path, read) : formats::open_csv(path, read);
  } catch (const InputError& e) {
    throw InputError(e.what(), name, e.line(), e.place());
  }
  formats::RowSource source;
  source.sheet = grid->sheet();
  RetentionList out;
  out.fiscal_year = options.fiscal_year;
  out.department = archive::trim_typed(options.department);
  std::vector<std::string> cells;
  long row = 0;
  const auto next = [&] {
    try {
      return grid->next(cells, row);
    } catch (const InputError& e) {
      throw InputError(e.what(), name, e.line(), e.place());
    }
  };
  if (!next()) throw InputError("the list is empty: it needs a header row (" + known_headers() + ")", name, 1);
  // The header.
  std::map<std::string, size_t> first;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string header = archive::trim_typed(cells[i]);
    std::string field = field_for_header(header);
    formats::RowSource at{source.sheet, std::vector<std::string>(i + 1)};
    at.fields[i] = "\x01";
    if (!header.empty() && field.empty()) {
      problems.add("unknown column \"" + header + "\" (known: " + known_headers() + ")", name, row,
                   at.place(row, "\x01"));
    } else if (!field.empty() && !first.emplace(field, i).second) {
      problems.add("column \"" + header + "\" is given twice", name, row, at.place(row, "\x01"));
      field.clear();
    }
    source.fields.push_back(field);
  }
  for (const auto f : kRequired) {
    if (!source.has(f)) {
      problems.add(
          "the list needs a column " + header_of(f) + " (" + archive::text_en("retention_col_" + std::string(f)) + ")",
          name, row, source.sheet.empty() ? "" : source.sheet + "!A" + std::to_string(row));
    }
  }
  if (!source.has("department") && out.department.empty()) {
    problems.add("the list needs a column " + header_of("department") +
                     " or the department given with the import (--department)",
                 name, row, source.sheet.empty() ? "" : source.sheet + "!A" + std::to_string(row));
  }
  if (problems.any()) problems.raise();

  std::set<std::string> departments;
  std::set<int> years;
  const size_t width = source.fields.size();
  while (next()) {
    archive::RetentionRow r;
    r.source_row = row;
    const auto cell = [&](std::string_view field) -> std::string {
      for (size_t i = 0; i < width && i < cells.size(); ++i) {
        if (source.fields[i] == field) return archive::trim_typed(cells[i]);
      }
      return {};
    };
    const auto bad = [&](std::string_view field, const std::string& message) {
      problems.add(header_of(field) + ": " + message, name, row, source.place(row, field));
    };
    size_t used = cells.size();
    while (used > width && archive::trim_typed(cells[used - 1]).empty()) --used;
    if (used > width) {
      problems.add("the row has " + std::to_string(used) + " cells, the header " + std::to_string(width) + " columns",
                   name, row, source.place(row));
    }
    r.department = cell("department");
    if (r.department.empty()) r.department = out.department;
    if (r.department.empty()) bad("department", "empty");
    r.title = cell("title");
    if (r.title.empty()) bad("title", "empty");
    r.created_year = cell("created");
    if (r.created_year.empty()) {
      bad("created", "empty");
    } else if (!parse_fiscal_year(r.created_year)) {
      bad("created", "\"" + r.created_year + "\" is not a 年度 (2013, 2013年度, 平成25年度)");
    }
    r.retention = cell("retention");
    if (r.retention.empty()) bad("retention", "empty");
    const std::string expiry = cell("expiry");
    if (expiry.empty()) {
      bad("expiry", "empty");
    } else if (auto y = parse_fiscal_year(expiry)) {
      r.expiry_year = *y;
      const auto created = parse_fiscal_year(r.created_year);
      if (created && *created > *y) bad("expiry", "満了年度 " + expiry + " is before 作成年度 " + r.created_year);
    } else {
      bad("expiry", "\"" + expiry + "\" is not a 年度 (2023, 2023年度, 令和5年度)");
    }
    r.file_number = cell("file_number");
    const std::string quantity = ascii_digits(cell("quantity"));
    if (!quantity.empty()) {
      if (!digits_only(quantity) || quantity.size() > 5 || std::stoi(quantity) < 1) {
        bad("quantity", "\"" + cell("quantity") + "\" is not a whole number of at least 1");
      } else {
        r.quantity = std::stoi(quantity);
      }
    }
    r.notes = cell("notes");
    if (!r.department.empty()) departments.insert(r.department);
    if (r.expiry_year) years.insert(r.expiry_year);
    out.rows.push_back(std::move(r));
  }
  if (out.rows.empty() && !problems.any()) throw InputError("the list has a header row and no rows", name, row);
  if (out.department.empty() && departments.size() > 1) {
    problems.add("the list holds more than one department (" + *departments.begin() + ", " + *departments.rbegin() +
                     "): import each department's list on its own, or name the department",
                 name, 0);
  } else if (out.department.empty() && departments.size() == 1) {
    out.department = *departments.begin();
  }
  if (out.fiscal_year == 0 && years.size() > 1) {
    problems.add("the rows' 満了年度 differ (" + std::to_string(*years.begin()) + "–" +
                     std::to_string(*years.rbegin()) + "): name the list's 年度 (--year)",
                 name, 0);
  } else if (out.fiscal_year == 0 && years.size() == 1) {
    out.fiscal_year = *years.begin();
  }
  problems.raise();
  return out;
}

void write_retention_template(formats::GridSink& sink) {
  std::vector<std::string> header;
  std::vector<std::string> example;
  for (const auto f : retention_columns()) {
    header.push_back(header_of(f));
    example.push_back(archive::text_ja("retention_template_" + std::string(f)));
  }
  sink.row(header);
  sink.row(example);
  sink.finish();
}

int64_t import_retention_list(const std::string& data_dir, const std::string& path, const RetentionListOptions& options,
                              const archive::Actor& actor, const std::string& display_name) {
  const RetentionList list = read_retention_list(path, options, display_name);
  int64_t id = 0;
  with_writer_lock(data_dir, [&] {
    archive::Catalog catalog(data_dir + "/catalog.sqlite");
    const std::string name = display_name.empty() ? path.substr(path.rfind('/') + 1) : display_name;
    id = archive::SelectionStore(catalog.db()).create_batch(list.fiscal_year, list.department, name, list.rows, actor);
  });
  return id;
}

}  // namespace monjo::indexer
