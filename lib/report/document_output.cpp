#include "report/document_output.hpp"

#include <system_error>

namespace ill::report {

Result<std::filesystem::path> output_path(const Document& document,
                                          const std::optional<std::filesystem::path>& output,
                                          std::size_t total) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = output.value_or(fs::path("."));
  const std::string text = target.string();
  const bool dir_named = !text.empty() && text.back() == '/';
  const bool is_dir = fs::is_directory(target, ec);
  if (is_dir || dir_named) {
    if (!is_dir) return fail(Errc::not_found, "--output {}: no such directory", text);
    return target / document.filename;
  }
  if (total > 1)
    return fail(Errc::usage,
                "--output {}: {} documents need a directory (an existing one, or end the path "
                "with '/')",
                text, total);
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    return fail(Errc::not_found, "--output {}: no such directory {}", text, parent.string());
  return target;
}

}  // namespace ill::report
