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

std::string format_time(std::optional<std::chrono::sys_seconds> t) { return t ? rfc3339(*t) : "-"; }

Result<bool> parse_bool(std::string_view text, std::string_view what) {
  for (auto yes : {"yes", "y", "true", "1", "on"})
    if (text == yes) return true;
  for (auto no : {"no", "n", "false", "0", "off"})
    if (text == no) return false;
  return fail(Errc::invalid_input, "{} '{}' is not yes or no", what, text);
}

}  // namespace ill::cli
