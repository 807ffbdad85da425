#include "archive/search/facet_labels.h"

namespace monjo::archive {

const std::string& filter_heading(const index_schema::FilterDef& def, const Messages& messages) {
  return messages.t(std::string("facet_") + def.name);
}

std::string filter_value_label(const index_schema::FilterDef& def, const std::string& value, const std::string& title,
                               const Messages& messages) {
  using index_schema::FacetLabel;
  switch (def.label) {
    case FacetLabel::Message: {
      const std::string key = def.value_key + value;
      return messages.has(key) ? messages.t(key) : value;
    }
    case FacetLabel::Format:
      return messages.format(def.value_key, {{"value", value}});
    case FacetLabel::RecordTitle:
      return title.empty() ? value : title;
    case FacetLabel::Value:
      return value;
  }
  return value;
}

}  // namespace monjo::archive
