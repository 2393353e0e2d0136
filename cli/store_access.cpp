#include "store_access.hpp"

#include <date/date.h>
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace ill::cli {

namespace {

std::string strip_line_end(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

// Reads one line from the terminal with echo off; none when there is no terminal.
std::optional<std::string> prompt_no_echo(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios saved{};
  if (::tcgetattr(fd, &saved) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  (void)!::write(fd, prompt.data(), prompt.size());
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
  ::tcsetattr(fd, TCSAFLUSH, &saved);
  ::close(fd);
  return line;
}

}  // namespace

Result<std::unique_ptr<store::Database>> open_database(const Context& ctx) {
  return store::Database::open(ctx.config.values.db, store::OpenMode::existing);
}

Result<store::SecretBox> open_secret_box(const Context& ctx) {
  return store::SecretBox::load(ctx.config.values.key_path().string());
}

void add_password_options(CLI::App* command, PasswordSource& source, std::string_view what) {
  command->add_flag("--password-stdin", source.from_stdin,
                    "Read the " + std::string(what) + " from standard input (one line)");
  command->add_option("--password-file", source.file,
                      "Read the " + std::string(what) + " from the first line of this file");
}

Result<std::optional<store::Secret>> read_password(const PasswordSource& source,
                                                   std::string_view what, PasswordNeed need) {
  if (source.from_stdin && !source.file.empty())
    return fail(Errc::usage, "give --password-stdin or --password-file, not both");
  std::string text;
  if (source.from_stdin) {
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    text = strip_line_end(all.substr(0, all.find('\n')));
  } else if (!source.file.empty()) {
    std::ifstream in(source.file);
    if (!in)
      return fail(Errc::io, "cannot read password file {}: {}", source.file, std::strerror(errno));
    std::getline(in, text);
    text = strip_line_end(text);
  } else {
    auto typed = isatty(STDIN_FILENO) ? prompt_no_echo(fmt::format("{}: ", what)) : std::nullopt;
    if (!typed) {
      if (need == PasswordNeed::optional) return std::optional<store::Secret>();
      return fail(Errc::usage,
                  "no terminal to ask for the {}: give --password-stdin or --password-file", what);
    }
    text = std::move(*typed);
  }
  if (text.empty()) {
    if (need == PasswordNeed::optional && !source.from_stdin && source.file.empty())
      return std::optional<store::Secret>();
    return fail(Errc::invalid_input, "the {} is empty", what);
  }
  return std::optional<store::Secret>(store::Secret(std::move(text)));
}

std::string format_time(std::optional<std::int64_t> unix_seconds) {
  if (!unix_seconds) return "-";
  date::sys_seconds t{std::chrono::seconds(*unix_seconds)};
  return date::format("%Y-%m-%dT%H:%M:%SZ", t);
}

Result<std::int64_t> parse_time(std::string_view text) {
  std::string s(text);
  for (const char* format :
       {"%FT%T%Ez", "%FT%TZ", "%FT%T", "%F %T", "%FT%R%Ez", "%FT%RZ", "%FT%R", "%F %R", "%F"}) {
    std::istringstream in(s);
    date::sys_seconds t;
    in >> date::parse(format, t);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof())
      return static_cast<std::int64_t>(t.time_since_epoch().count());
  }
  return fail(Errc::invalid_input,
              "'{}' is not a time: use RFC 3339 such as 2024-05-01T02:00:00Z or "
              "2024-05-01T02:00-03:00, or 'YYYY-MM-DD HH:MM' in UTC",
              text);
}

Result<std::int64_t> parse_duration(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  std::int64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m" || unit == "min")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 86400;
  if (ec != std::errc() || scale == 0 || value <= 0)
    return fail(Errc::invalid_input, "'{}' is not a duration such as 90m, 2h or 1d", text);
  return value * scale;
}

Result<bool> parse_bool(std::string_view text, std::string_view what) {
  for (auto yes : {"yes", "y", "true", "1", "on"})
    if (text == yes) return true;
  for (auto no : {"no", "n", "false", "0", "off"})
    if (text == no) return false;
  return fail(Errc::invalid_input, "{} '{}' is not yes or no", what, text);
}

}  // namespace ill::cli
