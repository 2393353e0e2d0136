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

// Router-supplied text on its way to logs, last_error, `illctl status` or /metrics: printable as
// above and cut to at most `max_bytes` (on a character boundary, marked with "..."), so a
// hostile router can neither forge log lines, send terminal escapes, nor flood a field.
std::string router_text(std::string_view bytes, std::size_t max_bytes = 256);

}  // namespace ill::routeros
