// Writing a whole file or nothing: the bytes go to a temporary file beside the target, are
// flushed to disk, and the temporary file is renamed over the target, whose directory is flushed
// too. On any failure (a full
// disk, an unwritable directory) the temporary file is removed and the target is untouched.
#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string_view>

namespace ill {

// The file gets mode 0644 (less the umask), like a file the user would create.
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace ill
