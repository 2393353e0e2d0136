// Text inside HTML and XML (the portal's pages, the charts' SVG): the one escaping both use.
#pragma once

#include <string>
#include <string_view>

namespace ill {

// Appends `text` with &, <, >, " and ' replaced by entities, safe in element content and in
// quoted attribute values alike.
void append_markup_escaped(std::string& out, std::string_view text);

}  // namespace ill
