#include "store/secret_box.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace ill::store {

namespace {

constexpr std::size_t k_hex_size = SecretBox::k_key_size * 2;

Result<std::string> read_small_file(const std::string& path, int fd) {
  std::string data;
  char buffer[256];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Errc::io, "key file {}: {}", path, std::strerror(errno));
    }
    if (n == 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
    if (data.size() > 1024)
      return fail(Errc::config, "key file {} is not an ill key (too large)", path);
  }
  return data;
}

}  // namespace

Secret::~Secret() {
  if (!m_value.empty()) sodium_memzero(m_value.data(), m_value.size());
}

Status ensure_sodium() {
  static const int rc = sodium_init();
  if (rc < 0) return fail(Errc::internal, "libsodium failed to initialise");
  return {};
}

Status SecretBox::create_key_file(const std::string& path) {
  if (auto st = ensure_sodium(); !st) return st;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return fail(Errc::usage, "key file {} already exists; refusing to overwrite it", path);
    return fail(Errc::io, "cannot create key file {}: {}", path, std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // whatever the umask said
  std::array<unsigned char, k_key_size> key{};
  randombytes_buf(key.data(), key.size());
  std::array<char, k_hex_size + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  std::string text(hex.data(), k_hex_size);
  text += '\n';
  sodium_memzero(hex.data(), hex.size());
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  sodium_memzero(text.data(), text.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return fail(Errc::io, "cannot write key file {}", path);
  }
  return {};
}

Result<SecretBox> SecretBox::load(const std::string& path) {
  if (auto st = ensure_sodium(); !st) return fail(st.error());
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return fail(
          Errc::config,
          "key file {} does not exist: create it with `illctl init`, or point key_file at it",
          path);
    return fail(Errc::config, "cannot read key file {}: {}", path, std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(Errc::config, "key file {} is not a regular file", path);
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return fail(Errc::config,
                "key file {} is accessible by group or others (mode {:04o}); run `chmod 600 {}`",
                path, st.st_mode & 07777, path);
  }
  auto data = read_small_file(path, fd);
  ::close(fd);
  if (!data) return fail(data.error());
  std::string& text = *data;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  SecretBox box;
  std::size_t bin_len = 0;
  bool ok = text.size() == k_hex_size &&
            sodium_hex2bin(box.m_key.data(), box.m_key.size(), text.data(), text.size(), nullptr,
                           &bin_len, nullptr) == 0 &&
            bin_len == k_key_size;
  sodium_memzero(text.data(), text.size());
  if (!ok)
    return fail(Errc::config, "key file {} does not hold an ill key (64 hexadecimal digits)", path);
  return box;
}

SecretBox SecretBox::from_key(const std::array<unsigned char, k_key_size>& key) {
  (void)ensure_sodium();
  SecretBox box;
  box.m_key = key;
  return box;
}

SecretBox::~SecretBox() { sodium_memzero(m_key.data(), m_key.size()); }

std::vector<unsigned char> SecretBox::seal(const Secret& secret) const {
  std::string_view plain = secret.reveal();
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        out.data(), m_key.data());
  return out;
}

Result<Secret> SecretBox::open(const std::vector<unsigned char>& sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return fail(Errc::config, "stored secret is damaged");
  std::size_t plain_size = sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  std::string plain(plain_size, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 sealed.data() + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(),
                                 m_key.data()) != 0)
    return fail(Errc::config,
                "stored secret cannot be decrypted: wrong key file, or the database was altered");
  return Secret(std::move(plain));
}

}  // namespace ill::store
