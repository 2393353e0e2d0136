#include "portal/html.hpp"

#include "core/markup_text.hpp"

#include <fmt/format.h>

namespace ill::portal {

void append_escaped(std::string& out, std::string_view text) { append_markup_escaped(out, text); }

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  append_escaped(out, text);
  return out;
}

std::string page(const PageFrame& frame, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  if (frame.refresh_s > 0)
    out += fmt::format("<meta http-equiv=\"refresh\" content=\"{}\">", frame.refresh_s);
  out += "<title>";
  append_escaped(out, frame.title);
  out += " · ill</title><link rel=\"stylesheet\" href=\"/static/portal.css\"></head><body>";
  out += "<header><a class=\"brand\" href=\"/\">ill</a>";
  if (!frame.client.empty()) {
    out +=
        "<nav><a href=\"/\">Links</a><a href=\"/reports\">Reports</a>"
        "<a href=\"/account\">Account</a>"
        "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"";
    append_escaped(out, frame.csrf);
    out += "\"><button type=\"submit\">Sign out</button></form></nav><span class=\"client\">";
    append_escaped(out, frame.client);
    out += "</span>";
  }
  out += "</header><main>";
  out += body;
  out += "</main></body></html>\n";
  return out;
}

std::string_view stylesheet() {
  return R"css(*{box-sizing:border-box}
body{margin:0;font:15px/1.45 "DejaVu Sans",system-ui,sans-serif;color:#1d2430;background:#f4f6f9}
header{display:flex;flex-wrap:wrap;gap:.5em 1.2em;align-items:center;padding:.6em 1em;background:#1d3557;color:#fff}
header a{color:#fff;text-decoration:none}
.brand{font-weight:bold;font-size:1.2em;letter-spacing:.05em}
header nav{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:center}
header nav form{display:inline;margin:0}
header nav button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px;padding:.15em .6em;font:inherit;cursor:pointer}
.client{margin-left:auto;opacity:.85}
main{max-width:72em;margin:0 auto;padding:1em}
h1{font-size:1.35em;margin:.2em 0 .6em}
h2{font-size:1.1em;margin:1.4em 0 .5em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(20em,1fr));gap:1em}
.card{background:#fff;border:1px solid #d8dee8;border-radius:8px;padding:.8em 1em}
.card h2{margin:0 0 .4em}
.card a{color:#1d3557}
dl{display:grid;grid-template-columns:auto 1fr;gap:.15em .8em;margin:0}
dt{color:#5a6577}
dd{margin:0;font-variant-numeric:tabular-nums}
.state{display:inline-block;padding:0 .5em;border-radius:4px;font-weight:bold;color:#fff}
.state-up{background:#2a9d4b}.state-down{background:#c0392b}.state-unknown{background:#7f8c8d}
.bad{color:#c0392b;font-weight:bold}
.muted{color:#5a6577;font-size:.9em}
table{border-collapse:collapse;width:100%;background:#fff;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #e3e7ee}
.scroll{overflow-x:auto}
figure{margin:0 0 1em;background:#fff;border:1px solid #d8dee8;border-radius:8px;padding:.5em}
figure svg{width:100%;height:auto;display:block}
figcaption{font-size:.9em;color:#5a6577}
.ranges{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin:.5em 0}
.ranges form{display:flex;gap:.4em;margin:0}
.ranges input,.ranges button{font:inherit;padding:.15em .5em;border:1px solid #1d3557;border-radius:4px;background:#fff;color:#1d3557}
.ranges a,.ranges span{padding:.2em .7em;border:1px solid #1d3557;border-radius:4px;color:#1d3557;text-decoration:none}
.ranges span{background:#1d3557;color:#fff}
form.stack{display:grid;gap:.6em;max-width:22em;background:#fff;border:1px solid #d8dee8;border-radius:8px;padding:1em}
form.stack input{font:inherit;padding:.4em;border:1px solid #b8c2d0;border-radius:4px;width:100%}
form.stack button{font:inherit;padding:.45em;border:0;border-radius:4px;background:#1d3557;color:#fff;cursor:pointer}
.error{color:#c0392b}
a.button{display:inline-block;padding:.35em .8em;border-radius:4px;background:#1d3557;color:#fff;text-decoration:none}
code{font-size:.8em;word-break:break-all}
details{margin:.4em 0}
summary{cursor:pointer;color:#1d3557}
pre.qr{line-height:1;font-size:10px}
@media (max-width:480px){main{padding:.6em}.cards{grid-template-columns:1fr}.client{margin-left:0}}
)css";
}

}  // namespace ill::portal
