// The portal's languages: Japanese by default, English on request. The texts come
// from the message catalogs of archive/base/messages.h; record content is never
// translated.
#pragma once

#include <string_view>

#include "archive/base/messages.h"

namespace monjo::web {

using archive::Lang;
using archive::lang_code;
using archive::Messages;

// ?lang= wins when it names a language we have; else the first supported language
// in Accept-Language (by q-value); else Japanese.
Lang choose_language(std::string_view lang_param, std::string_view accept_language);

}  // namespace monjo::web
