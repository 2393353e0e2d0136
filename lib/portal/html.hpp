// HTML for the portal's pages: escaping (every text that reaches a page goes through it,
// including names that came from routers and CSV imports), the page frame and the stylesheet.
#pragma once

#include <string>
#include <string_view>

namespace ill::portal {

// Text as HTML text or attribute value: & < > " ' escaped.
std::string escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

struct PageFrame {
  std::string title;   // text, escaped here
  std::string client;  // signed-in client name (text), empty on the login page
  std::string csrf;    // for the logout button; empty when signed out
  int refresh_s = 0;   // meta refresh, 0 for none
};

// The whole document around `body` (HTML already escaped).
std::string page(const PageFrame& frame, std::string_view body);

// /static/portal.css
std::string_view stylesheet();

}  // namespace ill::portal
