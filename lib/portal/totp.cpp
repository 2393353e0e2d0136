#include "portal/totp.hpp"

#include "portal/html.hpp"

#include <fmt/format.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace ill::portal {

namespace {

void init_oath() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

std::string uri_part(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
using Qr = std::unique_ptr<QRcode, QrFree>;

Qr encode(std::string_view text) {
  const std::string z(text);
  return Qr(QRcode_encodeString(z.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
}

}  // namespace

std::string new_totp_secret() {
  std::string out(20, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string base32(std::string_view bytes) {
  init_oath();
  char* out = nullptr;
  size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &out, &length) != OATH_OK || !out) return {};
  std::string text(out, length);
  std::free(out);
  text.erase(std::remove(text.begin(), text.end(), '='), text.end());
  return text;
}

std::string otpauth_uri(std::string_view issuer, std::string_view user, std::string_view secret) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={}",
                     uri_part(issuer), uri_part(user), base32(secret), uri_part(issuer),
                     k_totp_step.count());
}

std::optional<std::int64_t> verify_totp(std::string_view secret, std::string_view code,
                                        std::chrono::sys_seconds now, std::int64_t after_step) {
  if (code.size() != 6 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  init_oath();
  const std::string otp(code);
  int position = 0;
  // liboath and the step counter take Unix seconds: the one place they are numbers.
  const std::chrono::seconds since_epoch = now.time_since_epoch();
  const int rc =
      oath_totp_validate2(secret.data(), secret.size(), static_cast<time_t>(since_epoch.count()),
                          static_cast<unsigned>(k_totp_step.count()), 0, 1, &position, otp.c_str());
  if (rc < 0) return std::nullopt;
  const std::int64_t step = since_epoch / k_totp_step + position;
  if (step <= after_step) return std::nullopt;
  return step;
}

std::string qr_terminal(std::string_view text) {
  auto qr = encode(text);
  if (!qr) return {};
  const int width = qr->width;
  constexpr int quiet = 2;
  auto dark = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= width) return false;
    return (qr->data[y * width + x] & 1) != 0;
  };
  std::string out;
  for (int y = -quiet; y < width + quiet; y += 2) {
    for (int x = -quiet; x < width + quiet; ++x) {
      const bool top = !dark(x, y);  // light modules are drawn
      const bool bottom = !dark(x, y + 1);
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += '\n';
  }
  return out;
}

std::string qr_svg(std::string_view text, std::string_view title) {
  auto qr = encode(text);
  if (!qr) return {};
  const int width = qr->width;
  const int size = width + 8;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (qr->data[y * width + x] & 1) path += fmt::format("M{} {}h1v1h-1z", x + 4, y + 4);
    }
  }
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"",
      size, size * 5);
  append_escaped(out, title);
  out += "\" shape-rendering=\"crispEdges\"><title>";
  append_escaped(out, title);
  out += fmt::format(
      "</title><rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/><path fill=\"#000\" "
      "d=\"{1}\"/></svg>",
      size, path);
  return out;
}

}  // namespace ill::portal
