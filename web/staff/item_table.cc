// The 細目録 editor (docs/staff.md, "The 細目録 editor"): a volume's items as one
// HTML table of inputs, one row per item and spare rows to add, that works without
// JavaScript (web/static/app.js adds moving rows, Enter to the next row and pasting
// rows from a spreadsheet). The save is indexer/item_table.h: every row checked with
// the importer's rules, all or nothing, refused over a table that changed since.
#include <algorithm>
#include <iterator>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_rules.h"
#include "archive/catalog/record_versions.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"
#include "indexer/item_table.h"
#include "web/http/templates.h"
#include "web/http/text.h"
#include "web/portal/views.h"
#include "web/routes.h"
#include "web/staff/handlers.h"
#include "web/staff/services.h"
#include "web/staff/views.h"

namespace monjo::web {

namespace {

// The columns of the table, in the order a pasted spreadsheet row fills them: the
// form control's name and its header's message key.
struct Column {
  const char* name;
  const char* label_key;
  bool multiline;
  bool numeric;
};
constexpr Column kColumns[] = {
    {"seq", "items_col_seq", false, true},           {"title", "items_col_title", false, false},
    {"date", "items_col_date", false, false},        {"pages_from", "items_col_pages_from", false, true},
    {"pages_to", "items_col_pages_to", false, true}, {"description", "items_col_description", true, false},
    {"note", "items_col_note", true, false},
};
constexpr size_t kSpareRows = 3;

std::string* cell_of(indexer::ItemRow& row, const std::string& name) {
  if (name == "seq") return &row.seq;
  if (name == "title") return &row.title;
  if (name == "date") return &row.date;
  if (name == "pages_from") return &row.pages_from;
  if (name == "pages_to") return &row.pages_to;
  if (name == "description") return &row.description;
  if (name == "note") return &row.note;
  return nullptr;
}

// The column that shows a problem of `field` (a FieldProblem's field); "" for a
// problem of the row as a whole (its id).
std::string column_of(const std::string& field) {
  if (field == "seq" || field == "title" || field == "description" || field == "note") return field;
  if (field == "date" || field == "date.normal") return "date";
  if (field == "pages" || field == "pages.from") return "pages_from";
  if (field == "pages.to") return "pages_to";
  return {};
}

std::string opt_text(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string();
}

indexer::ItemRow row_of(const archive::Record& r) {
  indexer::ItemRow row;
  row.id = r.id;
  row.base = archive::record_fingerprint(r);
  row.seq = opt_text(r.seq);
  row.title = r.title;
  row.date = r.date_text;
  row.pages_from = opt_text(r.pages_from);
  row.pages_to = opt_text(r.pages_to);
  row.description = r.description;
  row.note = r.note;
  return row;
}

std::string without_cr(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return out;
}

// The rows as posted: one value of each column per row, the delete boxes by id.
std::vector<indexer::ItemRow> rows_from_form(const RequestContext& ctx) {
  const auto ids = ctx.get_form_column("item");
  const auto bases = ctx.get_form_column("item_base");
  std::vector<std::vector<std::string>> columns;
  size_t n = ids.size();
  for (const auto& c : kColumns) {
    columns.push_back(ctx.get_form_column(c.name));
    n = std::max(n, columns.back().size());
  }
  if (n > 5000) throw archive::InputError("too many rows");
  const auto deleted = ctx.get_form_all("delete");
  std::vector<indexer::ItemRow> rows(n);
  for (size_t i = 0; i < n; ++i) {
    auto& row = rows[i];
    row.id = i < ids.size() ? ids[i] : "";
    row.base = i < bases.size() ? bases[i] : "";
    for (size_t c = 0; c < std::size(kColumns); ++c) {
      *cell_of(row, kColumns[c].name) = i < columns[c].size() ? without_cr(columns[c][i]) : "";
    }
    row.remove = !row.id.empty() && std::find(deleted.begin(), deleted.end(), row.id) != deleted.end();
  }
  return rows;
}

// "昭和30年1月1日（1955-01-01）〜 …" or the parser's message, for the row's date.
std::pair<bool, std::string> parsed_date(const RequestContext& ctx, const std::string& text) {
  try {
    auto d = archive::record_date(text, "");
    if (!d) return {true, ""};
    return {true, ctx.messages().format("items_date_parsed", {{"text", archive::display_interval(*d, ctx.lang())}})};
  } catch (const archive::InputError&) {
    return {false, ""};  // the row's problem says why
  }
}

struct TablePage {
  const archive::Record* volume = nullptr;
  std::vector<indexer::ItemRow> rows;
  std::string base;
  const std::vector<indexer::RowProblem>* problems = nullptr;
  const std::vector<indexer::TableChange>* since = nullptr;
  bool show_parsed = false;
};

mustache::data table_data(const RequestContext& ctx, const TablePage& p) {
  const std::string volume_id = p.volume->id;
  mustache::data page;
  page.set("id", volume_id);
  page.set("title", p.volume->title);
  page.set("level_label", level_label(ctx, p.volume->level));
  page.set("csrf", ctx.session()->csrf_token);
  page.set("base", p.base);
  page.set("action", link(ctx, "/staff/records/" + volume_id + "/items"));
  page.set("record_url", link(ctx, "/staff/records/" + volume_id));
  const auto cell_label = [&](const std::string& column, size_t n) {
    return ctx.messages().format("items_cell_label", {{"column", column}, {"n", std::to_string(n)}});
  };

  mustache::data headers{mustache::data::type::list};
  for (const auto& c : kColumns) {
    mustache::data h;
    h.set("label", ctx.t(c.label_key));
    h.set("name", c.name);
    headers.push_back(h);
  }
  page.set("columns", headers);

  std::vector<indexer::ItemRow> rows = p.rows;
  size_t spare = 0;
  for (auto it = rows.rbegin(); it != rows.rend() && indexer::blank_row(*it); ++it) ++spare;
  for (; spare < kSpareRows; ++spare) rows.emplace_back();

  mustache::data list{mustache::data::type::list};
  for (size_t i = 0; i < rows.size(); ++i) {
    indexer::ItemRow& row = rows[i];
    const std::string key = std::to_string(i + 1);
    mustache::data d;
    d.set("n", key);
    d.set("key", key);
    d.set("item", row.id);
    d.set("item_base", row.base);
    d.set("existing", !row.id.empty());
    d.set("removed", row.remove);
    d.set("delete_label", cell_label(ctx.t("items_col_delete"), i + 1));
    std::string row_problem;
    if (p.problems) {
      for (const auto& pr : *p.problems) {
        if (pr.row == i && column_of(pr.field).empty()) {
          row_problem += (row_problem.empty() ? "" : " ") + pr.message;
        }
      }
    }
    mustache::data cells{mustache::data::type::list};
    for (const auto& c : kColumns) {
      std::string problem;
      if (p.problems) {
        for (const auto& pr : *p.problems) {
          if (pr.row != i || column_of(pr.field) != c.name) continue;
          problem += (problem.empty() ? "" : " ") + pr.message;
        }
      }
      mustache::data cell;
      cell.set("name", c.name);
      cell.set("cell_id", "c-" + key + "-" + c.name);
      cell.set("error_id", "e-" + key + "-" + c.name);
      cell.set("label", cell_label(ctx.t(c.label_key), i + 1));
      cell.set("value", *cell_of(row, c.name));
      cell.set("multiline", c.multiline);
      cell.set("numeric", c.numeric);
      cell.set("problem", problem);
      cell.set("has_problem", !problem.empty());
      const bool is_date = std::string(c.name) == "date";
      std::string parsed;
      if (is_date && p.show_parsed && !row.date.empty()) parsed = parsed_date(ctx, row.date).second;
      cell.set("parsed", parsed);
      cell.set("has_parsed", !parsed.empty());
      cell.set("parsed_id", "d-" + key);
      std::vector<std::string> described;
      if (!parsed.empty()) described.push_back("d-" + key);
      if (!problem.empty()) described.push_back("e-" + key + "-" + c.name);
      if (!row_problem.empty()) described.push_back("e-" + key + "-row");
      std::string describedby;
      for (const auto& d_id : described) describedby += (describedby.empty() ? "" : " ") + d_id;
      cell.set("describedby", describedby);
      cell.set("has_describedby", !describedby.empty());
      cells.push_back(cell);
    }
    d.set("cells", cells);
    d.set("row_problem", row_problem);
    d.set("has_row_problem", !row_problem.empty());
    d.set("row_error_id", "e-" + key + "-row");
    list.push_back(d);
  }
  page.set("rows", list);
  page.set("has_problems", p.problems && !p.problems->empty());

  if (p.since) {
    page.set("conflict", true);
    mustache::data since{mustache::data::type::list};
    for (const auto& c : *p.since) {
      mustache::data d;
      const std::string n = c.row ? std::to_string(*c.row + 1) : "";
      d.set("text", ctx.messages().format("items_change_" + c.kind, {{"n", n}, {"id", c.id}}));
      mustache::data changes{mustache::data::type::list};
      for (const auto& f : c.changes) {
        mustache::data fd;
        fd.set("field", f.field);
        fd.set("before", f.before);
        fd.set("after", f.after);
        changes.push_back(fd);
      }
      d.set("changes", changes);
      d.set("has_changes", !c.changes.empty());
      since.push_back(d);
    }
    page.set("since", since);
  }

  const std::string saved = ctx.get_param("saved");
  if (!saved.empty()) {
    const int n = ctx.get_int_param("saved", 0, 0, 100000);
    const auto count = [&](const char* name) { return std::to_string(ctx.get_int_param(name, 0, 0, 100000)); };
    const bool any = count("added") != "0" || count("changed") != "0" || count("deleted") != "0";
    page.set("notice", any ? ctx.messages().format("items_saved", {{"n", std::to_string(n)},
                                                                   {"added", count("added")},
                                                                   {"changed", count("changed")},
                                                                   {"deleted", count("deleted")}})
                           : ctx.t("items_unchanged"));
    page.set("has_notice", true);
  }
  page.set("cell_label_format", ctx.t("items_cell_label"));
  return page;
}

std::unique_ptr<Response> table_page(const RequestContext& ctx, const TablePage& p, int status) {
  PageHead head;
  head.title = ctx.messages().format("items_heading", {{"title", p.volume->title}});
  head.noindex = true;
  return Response::html(render_page(ctx, "staff_item_table", table_data(ctx, p), head), status);
}

// The volume named by the path, or 404 (an item, a series or an unknown id).
FullRecord volume_of(const RequestContext& ctx) {
  auto full = load_full_record(ctx, ctx.path_param("id"));
  if (!full || full->record.level != archive::Level::Volume) throw archive::NotFound(ctx.path_param("id"));
  return std::move(*full);
}

}  // namespace

std::unique_ptr<Response> handle_staff_item_table(const RequestContext& ctx) {
  const FullRecord full = volume_of(ctx);
  const auto items = indexer::volume_items(catalog_of(ctx), full.record.id);
  // The table shows every item's text, withheld ones included.
  audit_record_view(ctx, full, "item table (" + std::to_string(items.size()) + " items)");
  TablePage p;
  p.volume = &full.record;
  for (const auto& item : items) p.rows.push_back(row_of(item));
  p.base = indexer::table_fingerprint(items);
  return table_page(ctx, p, 200);
}

std::unique_ptr<Response> handle_staff_item_table_save(const RequestContext& ctx) {
  const FullRecord full = volume_of(ctx);
  TablePage p;
  p.volume = &full.record;
  p.rows = rows_from_form(ctx);
  p.base = ctx.get_form("base");
  const indexer::TableOutcome out =
      indexer::save_item_table(staff_services(ctx).data_dir, full.record.id, p.rows, p.base, actor_of(ctx));
  p.show_parsed = true;
  switch (out.status) {
    case indexer::TableOutcome::Status::Invalid:
      p.problems = &out.problems;
      return table_page(ctx, p, 422);
    case indexer::TableOutcome::Status::Conflict: {
      // The table keeps what was typed; saving it again means "over what is there now".
      p.base = out.fingerprint;
      for (auto& row : p.rows) {
        for (const auto& item : out.items) {
          if (item.id == row.id) row.base = archive::record_fingerprint(item);
        }
      }
      p.problems = &out.problems;
      p.since = &out.since;
      return table_page(ctx, p, 409);
    }
    case indexer::TableOutcome::Status::Unchanged:
    case indexer::TableOutcome::Status::Saved:
      break;
  }
  const std::string query = "saved=" + std::to_string(out.rows) + "&added=" + std::to_string(out.added.size()) +
                            "&changed=" + std::to_string(out.changed.size()) +
                            "&deleted=" + std::to_string(out.deleted.size());
  return Response::redirect(
      link(ctx, "/staff/records/" + full.record.id + "/items") + (explicit_lang(ctx).empty() ? "?" : "&") + query, 303);
}

}  // namespace monjo::web
