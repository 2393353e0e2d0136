// What the inventory commands share: opening the store and the key, reading passwords without
// ever taking them from an argument, and the time formats of the command line.
#pragma once

#include "context.hpp"
#include "core/format.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/secret.hpp"
#include "store/secret_box.hpp"

#include <chrono>
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

// core/format's rfc3339() of a time, or "-" when there is none.
std::string format_time(std::optional<std::chrono::sys_seconds> t);
// yes/no/true/false/1/0/on/off
Result<bool> parse_bool(std::string_view text, std::string_view what);

}  // namespace ill::cli
