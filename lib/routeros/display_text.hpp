// Turning raw RouterOS bytes into text a terminal, log or report can show.
#pragma once

#include <string>
#include <string_view>

namespace ill::routeros {

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// Printable UTF-8 for any bytes, never dropping one. Valid UTF-8 is kept as is; otherwise each
// byte >= 0x80 is read as Windows-1252 (0xA0..0xFF as Latin-1), which is what WinBox writes on
// Western PCs, e.g. "J\xf6rgensen" -> "Jörgensen". Control bytes (< 0x20, 0x7F) and the five
// bytes CP1252 leaves undefined become `\xNN` escapes in both cases.
std::string display_text(std::string_view bytes);

}  // namespace ill::routeros
