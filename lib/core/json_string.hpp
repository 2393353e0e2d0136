// A string as a JSON string literal, for the writers that produce JSON text directly (illctl's
// listings, the SLA figures of a whole fleet) instead of building a tree first.
#pragma once

#include <string>
#include <string_view>

namespace ill {

// Appends `text` to `out` quoted and escaped as JSON requires (as nlohmann::json::dump() writes
// it: the short escapes, \u00XX for other control bytes, everything else as is).
void append_json_string(std::string& out, std::string_view text);

}  // namespace ill
