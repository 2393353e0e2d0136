// The text of e-mail headers (pure): RFC 2047 encoded words for non-ASCII subjects and display
// names, RFC 2231 attachment file names, mailboxes and RFC 5322 dates.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace ill::notify {

// Text as it may appear in an unstructured header: unchanged when it is printable ASCII,
// otherwise UTF-8 "B" encoded words (=?UTF-8?B?...?=) of at most 75 characters each, split on
// character boundaries and separated by a space. Line breaks become spaces.
std::string encode_header_text(std::string_view utf8);

struct Mailbox {
  std::string display;  // may be empty
  std::string address;  // local@domain
};

// "Name <local@domain>" or "local@domain"; refuses anything else, naming the text.
Result<Mailbox> parse_mailbox(std::string_view text);
// For a From:/To:/Reply-To: header: the display name encoded (or quoted) and the address.
std::string format_mailbox(const Mailbox& mailbox);

// Content-Disposition of an attachment: filename="..." (ASCII, quoted), plus
// filename*=UTF-8''... (RFC 2231) when the name is not ASCII.
std::string attachment_disposition(std::string_view filename);

// "Sun, 06 Dec 2026 21:00:00 +0000".
std::string rfc5322_date(std::chrono::sys_seconds t);

std::string base64(std::string_view bytes);

}  // namespace ill::notify
