#include "process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ill::test {

struct Process::State {
  pid_t pid = -1;
  std::optional<int> exit_code;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::string out, err;
  std::thread out_reader, err_reader, stdin_writer;
  std::mutex stdin_mutex;
  int stdin_fd = -1;  // with keep_stdin_open
};

namespace {

void read_all(int fd, std::string& into, std::mutex& mutex, std::condition_variable& changed) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    {
      std::lock_guard lock(mutex);
      into.append(buffer, static_cast<std::size_t>(n));
    }
    changed.notify_all();
  }
  ::close(fd);
}

std::vector<std::string> make_environment(const ProcessOptions& options) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : options.env) {
    if (value)
      env[name] = *value;
    else
      env.erase(name);
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

}  // namespace

Process::Process(std::vector<std::string> argv, ProcessOptions options)
    : m_state(std::make_unique<State>()) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (options.cwd) posix_spawn_file_actions_addchdir_np(&actions, options.cwd->c_str());

  // The child starts with no signals blocked, whatever the test thread has blocked.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  auto env_strings = make_environment(options);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int rc = posix_spawn(&m_state->pid, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  State* s = m_state.get();
  s->out_reader = std::thread(read_all, out_pipe[0], std::ref(s->out), std::ref(s->mutex),
                              std::ref(s->changed));
  s->err_reader = std::thread(read_all, err_pipe[0], std::ref(s->err), std::ref(s->mutex),
                              std::ref(s->changed));
  if (options.keep_stdin_open) {
    std::signal(SIGPIPE, SIG_IGN);
    s->stdin_fd = in_pipe[1];
    if (!options.stdin_data.empty()) write_stdin(options.stdin_data);
    return;
  }
  s->stdin_writer = std::thread([fd = in_pipe[1], data = std::move(options.stdin_data)] {
    std::signal(SIGPIPE, SIG_IGN);
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
}

Process::~Process() {
  close_stdin();
  if (!m_state->exit_code) {
    ::kill(m_state->pid, SIGKILL);
    wait(std::chrono::seconds(10));
  }
  for (auto* t : {&m_state->out_reader, &m_state->err_reader, &m_state->stdin_writer}) {
    if (t->joinable()) t->join();
  }
}

int Process::pid() const { return m_state->pid; }

void Process::signal(int number) {
  if (!m_state->exit_code) ::kill(m_state->pid, number);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  if (m_state->exit_code) return m_state->exit_code;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(m_state->pid, &status, WNOHANG);
    if (r == m_state->pid) {
      m_state->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      for (auto* t : {&m_state->out_reader, &m_state->err_reader, &m_state->stdin_writer}) {
        if (t->joinable()) t->join();
      }
      return m_state->exit_code;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(5));  // polling a child, not timing a test
  }
}

std::string Process::out() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->out;
}

std::string Process::err() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->err;
}

bool Process::wait_for_output(const std::string& text, std::chrono::milliseconds timeout,
                              bool on_stderr) {
  std::unique_lock lock(m_state->mutex);
  return m_state->changed.wait_for(lock, timeout, [&] {
    return (on_stderr ? m_state->err : m_state->out).find(text) != std::string::npos;
  });
}

bool Process::wait_until(const std::function<bool(const std::string&)>& done,
                         std::chrono::milliseconds timeout) {
  std::unique_lock lock(m_state->mutex);
  return m_state->changed.wait_for(lock, timeout, [&] { return done(m_state->out); });
}

bool Process::write_stdin(const std::string& data) {
  std::lock_guard lock(m_state->stdin_mutex);
  if (m_state->stdin_fd < 0) return false;
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(m_state->stdin_fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void Process::close_stdin() {
  std::lock_guard lock(m_state->stdin_mutex);
  if (m_state->stdin_fd >= 0) ::close(m_state->stdin_fd);
  m_state->stdin_fd = -1;
}

RunResult run(std::vector<std::string> argv, ProcessOptions options,
              std::chrono::milliseconds timeout) {
  Process p(std::move(argv), std::move(options));
  auto code = p.wait(timeout);
  if (!code) {
    p.signal(SIGKILL);
    code = p.wait(std::chrono::seconds(10));
  }
  return {code.value_or(-1), p.out(), p.err()};
}

RunResult illctl(std::vector<std::string> args, ProcessOptions options) {
  args.insert(args.begin(), ILL_ILLCTL_PATH);
  // Tests must never read the machine's own configuration.
  options.env.try_emplace("ILL_CONFIG", std::nullopt);
  options.env.try_emplace("ILL_DB", std::nullopt);
  return run(std::move(args), std::move(options));
}

}  // namespace ill::test
