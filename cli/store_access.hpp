// What the inventory commands share: opening the store and the key, reading passwords without
// ever taking them from an argument, and the time formats of the command line.
#pragma once

#include "context.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/secret.hpp"
#include "store/secret_box.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace ill::cli {

// The database of the configuration (`db`, --db); it must exist (`illctl init` makes it).
Result<std::unique_ptr<store::Database>> open_database(const Context& ctx);
// The key of the configuration (`key_file`, beside the config or the database).
Result<store::SecretBox> open_secret_box(const Context& ctx);

// Where a password comes from: --password-stdin, --password-file PATH, or else a prompt without
// echo on the terminal. Never an argument.
struct PasswordSource {
  bool from_stdin = false;
  std::string file;
};
void add_password_options(CLI::App* command, PasswordSource& source, std::string_view what);

enum class PasswordNeed { required, optional };
// `what` names the password in prompts and errors ("password for router gw1"). An optional
// password with no source and no terminal is none; a required one is an error.
Result<std::optional<store::Secret>> read_password(const PasswordSource& source,
                                                   std::string_view what, PasswordNeed need);

// RFC 3339 in UTC ("2024-05-01T02:00:00Z"), or "-" / null when there is no time.
std::string format_time(std::optional<std::int64_t> unix_seconds);
// Accepts RFC 3339 with Z or an offset, "YYYY-MM-DDTHH:MM[:SS]" and "YYYY-MM-DD HH:MM[:SS]"
// (UTC), and "YYYY-MM-DD" (midnight UTC).
Result<std::int64_t> parse_time(std::string_view text);
// "90m", "2h", "1d", "45s", or plain seconds.
Result<std::int64_t> parse_duration(std::string_view text);
// yes/no/true/false/1/0/on/off
Result<bool> parse_bool(std::string_view text, std::string_view what);

}  // namespace ill::cli
