#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ill {

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0)
    return fail(Errc::io, "{}: cannot create a file in {}: {}", path.string(), dir.string(),
                std::strerror(errno));
  const auto give_up = [&](const char* what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return fail(Errc::io, "{}: {}: {}", path.string(), what, std::strerror(saved));
  };
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) return give_up("cannot set its mode");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return give_up("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return give_up("cannot flush to disk");
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    return fail(Errc::io, "{}: cannot close: {}", path.string(), std::strerror(saved));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    return fail(Errc::io, "{}: cannot rename into place: {}", path.string(), std::strerror(saved));
  }
  // The rename is an entry of the directory: flushed too, so that after a crash the file is there
  // whenever anything recorded after this call is.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0 || ::fsync(dir_fd) != 0) {
    const int saved = errno;
    if (dir_fd >= 0) ::close(dir_fd);
    return fail(Errc::io, "{}: cannot flush its directory {} to disk: {}", path.string(),
                dir.string(), std::strerror(saved));
  }
  ::close(dir_fd);
  return {};
}

}  // namespace ill
