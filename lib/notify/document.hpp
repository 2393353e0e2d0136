// A document to attach or send: a report's PDF or CSV, as bytes with the name and type the
// receiver sees.
#pragma once

#include <string>

namespace ill::notify {

struct Document {
  std::string filename;      // "acme-2026-11.pdf"
  std::string content_type;  // "application/pdf", "text/csv; charset=utf-8"
  std::string bytes;
};

}  // namespace ill::notify
