// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) through Debian's liboath, and the QR code
// of an otpauth:// URI through libqrencode. No store here; second_factor.hpp keeps the state.
//
// Decisions:
// - Secrets are 20 random bytes (160 bits, RFC 4226's recommendation), shown in base32.
// - A code is accepted for the step of `now` and one step either side (clock skew of up to 30 s
//   each way), and only for a step later than `after_step`: a code, once used, never works
//   again, nor does any code of an earlier step.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ill::portal {

inline constexpr std::chrono::seconds k_totp_step{30};

// 20 random bytes.
std::string new_totp_secret();
std::string base32(std::string_view bytes);
// otpauth://totp/ISSUER:USER?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view user, std::string_view secret);

// The step `code` (six digits) belongs to, when it is right at `now` within one step and later
// than `after_step`; nullopt otherwise. Steps count k_totp_step since the Unix epoch (RFC 6238's
// T), the one number the store keeps of a code (TotpRecord::last_step).
std::optional<std::int64_t> verify_totp(std::string_view secret, std::string_view code,
                                        std::chrono::sys_seconds now, std::int64_t after_step);

// The QR code of `text`: for a terminal (two modules a character, with a quiet zone; dark
// modules drawn as spaces on light, so it scans on dark and light terminals alike)...
std::string qr_terminal(std::string_view text);
// ... and as an inline SVG (presentation attributes only, for the portal's CSP).
std::string qr_svg(std::string_view text, std::string_view title);

}  // namespace ill::portal
