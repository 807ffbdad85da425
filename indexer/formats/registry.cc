#include "indexer/formats/registry.h"

#include <fstream>

#include "archive/base/errors.h"
#include "indexer/formats/ead3_writer.h"
#include "indexer/formats/ead_reader.h"
#include "indexer/formats/native_reader.h"
#include "indexer/formats/native_writer.h"
#include "indexer/formats/sheet_reader.h"
#include "indexer/formats/sheet_writers.h"

namespace monjo::indexer::formats {

// The table: a new format adds its reader and/or writer here, one line each. Of two
// readers that recognize a file equally well, the earlier one reads it.
const std::vector<const Reader*>& readers() {
  static const std::vector<const Reader*> kReaders = {
      &native_reader(),
      &ead_reader(),
      &sheet_reader(),
  };
  return kReaders;
}

// `monjo export --help` lists the writers in this order; the first is the default.
const std::vector<const Writer*>& writers() {
  static const std::vector<const Writer*> kWriters = {
      &native_writer(),
      &ead3_writer(),
      &csv_writer(),
      &xlsx_writer(),
  };
  return kWriters;
}

const Reader& reader_for(const std::string& path, const ReadOptions& options) {
  check_input_file(path, options);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw archive::InputError("cannot read the file", path);
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  const std::string_view file_name = std::string_view(path).substr(path.rfind('/') + 1);
  const Reader* best = nullptr;
  Match best_match = Match::No;
  for (const Reader* reader : readers()) {
    const Match match = reader->sniff(head, file_name);
    if (match > best_match) {
      best = reader;
      best_match = match;
    }
  }
  if (!best) {
    std::vector<std::string> names;
    for (const Reader* reader : readers()) names.emplace_back(reader->name());
    throw archive::InputError("the file is in no format that monjo imports (known formats: " + or_list(names) + ")",
                              path);
  }
  return *best;
}

const Writer* find_writer(std::string_view name) {
  for (const Writer* writer : writers()) {
    if (writer->name() == name) return writer;
  }
  return nullptr;
}

std::vector<std::string> writer_names() {
  std::vector<std::string> names;
  for (const Writer* writer : writers()) names.emplace_back(writer->name());
  return names;
}

std::vector<std::string> public_view_writer_names() {
  std::vector<std::string> names;
  for (const Writer* writer : writers()) {
    if (writer->has_public_view()) names.emplace_back(writer->name());
  }
  return names;
}

std::string or_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace monjo::indexer::formats
