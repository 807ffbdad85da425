#include "indexer/formats/sheet_columns.h"

namespace monjo::indexer::formats {

namespace {

using archive::Access;
using archive::Record;

// The columns that change one part of a stated access (merge_row: only a record
// that states one has parts to change).
bool is_access_part(std::string_view field) {
  return field == "grounds" || field == "until" || field == "reason";
}

}  // namespace

const std::vector<SheetColumn>& sheet_columns() {
  static const std::vector<SheetColumn> kColumns = {
      {"id", nullptr},
      {"parent", nullptr},
      {"level", nullptr},
      {"seq", [](const Record& row, Record& r) { r.seq = row.seq; }},
      {"callNumber", [](const Record& row, Record& r) { r.call_number = row.call_number; }},
      {"title", [](const Record& row, Record& r) { r.title = row.title; }},
      {"publicTitle", [](const Record& row, Record& r) { r.public_title = row.public_title; }},
      {"creator", [](const Record& row, Record& r) { r.creator = row.creator; }},
      // The interval is parsed again from both (archive::check_record).
      {"date", [](const Record& row, Record& r) { r.date_text = row.date_text; }},
      {"dateNormal", [](const Record& row, Record& r) { r.date_normal = row.date_normal; }},
      {"department", [](const Record& row, Record& r) { r.department = row.department; }},
      {"history", [](const Record& row, Record& r) { r.history = row.history; }},
      {"scope", [](const Record& row, Record& r) { r.scope = row.scope; }},
      {"description", [](const Record& row, Record& r) { r.description = row.description; }},
      {"retention", [](const Record& row, Record& r) { r.retention = row.retention; }},
      {"extent", [](const Record& row, Record& r) { r.extent = row.extent; }},
      {"extentPages", [](const Record& row, Record& r) { r.extent_pages = row.extent_pages; }},
      {"pages",
       [](const Record& row, Record& r) {
         r.pages_from = row.pages_from;
         r.pages_to = row.pages_to;
       }},
      {"names", [](const Record& row, Record& r) { r.names = row.names; }},
      {"location", [](const Record& row, Record& r) { r.location = row.location; }},
      {"condition", [](const Record& row, Record& r) { r.condition = row.condition; }},
      {"note", [](const Record& row, Record& r) { r.note = row.note; }},
      // The access statement: with an "access" column the row's statement (none when
      // its status cell is empty) replaces the record's; without one, the other
      // columns change their part of the statement the record has (merge_row).
      {"access", [](const Record& row, Record& r) { r.access = row.access; }},
      {"grounds",
       [](const Record& row, Record& r) {
         if (r.access) r.access->grounds = row.access ? row.access->grounds : std::vector<std::string>{};
       }},
      {"until",
       [](const Record& row, Record& r) {
         if (r.access) r.access->until = row.access ? row.access->until : std::string();
       }},
      {"reason",
       [](const Record& row, Record& r) {
         if (r.access) r.access->reason = row.access ? row.access->reason : std::string();
       }},
  };
  return kColumns;
}

const SheetColumn* find_sheet_column(std::string_view field) {
  for (const auto& c : sheet_columns()) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

std::vector<std::string> merge_row(const RowSource& source, const Record& row, Record& into) {
  std::vector<std::string> problems;
  const bool whole_access = source.has("access");
  for (const auto& field : source.fields) {
    if (field.empty()) continue;
    const SheetColumn* column = find_sheet_column(field);
    if (!column || !column->copy) continue;
    if (is_access_part(field)) {
      if (whole_access) continue;  // the "access" column took the whole statement
      if (!into.access) {
        const bool stated = row.access && ((field == "grounds" && !row.access->grounds.empty()) ||
                                           (field == "until" && !row.access->until.empty()) ||
                                           (field == "reason" && !row.access->reason.empty()));
        if (stated) problems.emplace_back(field);
        continue;
      }
    }
    column->copy(row, into);
  }
  return problems;
}

}  // namespace monjo::indexer::formats
