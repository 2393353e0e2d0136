// Where `illctl report --output` puts documents, and writing them whole or not at all.
//
// Decisions:
// - No --output: the current directory. An existing directory (or a path ending in '/'): each
//   document under its own file name there. Anything else names the file itself, which is only
//   allowed for a single document.
// - Each file is written atomically (core/atomic_file.hpp) by the caller, so a failure leaves
//   the ones before it complete and nothing partial.
#pragma once

#include "core/result.hpp"
#include "report/documents.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace ill::report {

// Where `document` goes when `total` documents are written in all.
Result<std::filesystem::path> output_path(const Document& document,
                                          const std::optional<std::filesystem::path>& output,
                                          std::size_t total);

}  // namespace ill::report
