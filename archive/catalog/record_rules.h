// The rules a described record must follow, wherever it comes from: a catalog file
// (indexer/formats/native_reader.cc), the staff editor (web/staff/), a spreadsheet.
// One implementation and one set of messages, so a date the importer refuses is
// refused by the editor with the same words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/catalog/record.h"

namespace monjo::archive {

// The kinds of preservation event (くん蒸, 清掃 …), in the order forms list them.
// The label of a kind is the message preservation_<code>.
const std::vector<std::string>& preservation_kinds();
bool is_preservation_kind(const std::string& code);
std::string preservation_message_key(const std::string& code);  // "preservation_fumigation"

// The name types (person | org | place); label name_<code> (人名 / 団体名 / 地名).
const std::vector<std::string>& name_types();
std::string name_type_message_key(const std::string& code);  // "name_person"

// The interval of a record's date from the text as written and its normal form (the
// normal form wins); nullopt when both are empty. Throws InputError with the date
// parser's message ("unknown era …").
std::optional<DateInterval> record_date(const std::string& text, const std::string& normal);

// Each check returns "" when the value is fine, else the message (without the field).
std::string id_problem(const std::string& id);
std::string title_problem(const std::string& title);
std::string until_problem(const std::string& until);  // access until: YYYY-MM-DD
std::string pages_problem(const std::optional<int>& from, const std::optional<int>& to);
std::string event_date_problem(const std::string& date);  // YYYY, YYYY-MM or YYYY-MM-DD
std::string ground_problem(const std::string& code);
std::string name_problem(const Name& name);
std::string event_kind_problem(const std::string& kind);

// One problem with one field: the field as the catalog format names it ("title",
// "date", "access.until", "names.2", "preservation.1.date") and the message.
struct FieldProblem {
  std::string field;
  std::string message;
};

// Every rule on one record's own fields (not its place in the tree: that is the
// catalog's). Sets `record.date` from its text as a side effect of checking it.
std::vector<FieldProblem> check_record(Record& record);

}  // namespace monjo::archive
