// multipart/form-data bodies (RFC 7578), read with Poco's MultipartReader: the
// staff pages' catalog upload sends its file and its CSRF token this way.
#include <Poco/Exception.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <sstream>

#include "archive/base/errors.h"
#include "web/http/request_context.h"
#include "web/http/text.h"

namespace monjo::web {

namespace {

// The last component of a name a browser sent ("C:\\fakepath\\a.xml" → "a.xml").
std::string base_name(const std::string& name) {
  const size_t cut = name.find_last_of("/\\");
  return cut == std::string::npos ? name : name.substr(cut + 1);
}

}  // namespace

void parse_multipart(const std::string& content_type, const std::string& body,
                     std::vector<std::pair<std::string, std::string>>& fields, std::vector<UploadedFile>& files) {
  std::string type;
  Poco::Net::NameValueCollection params;
  Poco::Net::MessageHeader::splitParameters(content_type, type, params);
  const std::string boundary = params.get("boundary", "");
  if (boundary.empty() || boundary.size() > 200) throw archive::InputError("multipart/form-data without a boundary");
  std::istringstream in(body);
  try {
    Poco::Net::MultipartReader reader(in, boundary);
    size_t parts = 0;
    while (reader.hasNextPart()) {
      if (++parts > kMaxFormParts) throw archive::InputError("too many parts in a multipart/form-data body");
      Poco::Net::MessageHeader header;
      reader.nextPart(header);
      std::string disposition;
      Poco::Net::NameValueCollection dparams;
      Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, dparams);
      if (Poco::icompare(disposition, "form-data") != 0 || !dparams.has("name")) {
        throw archive::InputError("a multipart part without Content-Disposition: form-data; name=…");
      }
      std::string data;
      Poco::StreamCopier::copyToString(reader.stream(), data);
      const std::string name = dparams.get("name");
      if (!valid_utf8(name)) throw archive::InputError("form field names must be UTF-8");
      if (dparams.has("filename")) {
        const std::string filename = base_name(dparams.get("filename"));
        if (!valid_utf8(filename)) throw archive::InputError("file names must be UTF-8");
        files.push_back({name, filename, header.get("Content-Type", ""), std::move(data)});
      } else {
        if (!valid_utf8(data)) throw archive::InputError("form fields must be UTF-8");
        fields.emplace_back(name, std::move(data));
      }
    }
  } catch (const Poco::Exception& e) {
    throw archive::InputError("malformed multipart/form-data body: " + e.displayText());
  }
}

}  // namespace monjo::web
