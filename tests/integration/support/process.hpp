// Child processes for integration tests: run a program to completion, or start one (illd, ill-sim)
// and talk to it while it runs. Output is captured on background threads so pipes never fill.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ill::test {

struct ProcessOptions {
  std::string stdin_data;                                 // written, then stdin is closed
  std::map<std::string, std::optional<std::string>> env;  // set (value) or unset (nullopt)
  std::optional<std::string> cwd;
  // Keep stdin open after stdin_data for write_stdin() (ill-sim's control lines).
  bool keep_stdin_open = false;
};

struct RunResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

class Process {
public:
  Process(std::vector<std::string> argv, ProcessOptions options = {});
  ~Process();  // kills the child if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const;
  void signal(int number);
  // Waits for the child to exit; nullopt when it still runs after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // Output so far (complete once wait() returned a value).
  std::string out() const;
  std::string err() const;
  // Waits until the output (stdout or stderr, per `on_stderr`) contains `text`.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout,
                       bool on_stderr = false);
  // Waits until `done(stdout so far)` is true.
  bool wait_until(const std::function<bool(const std::string&)>& done,
                  std::chrono::milliseconds timeout);
  // With keep_stdin_open: writes to the child's stdin (false once it is gone), or closes it.
  bool write_stdin(const std::string& data);
  void close_stdin();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Runs to completion; a child still running after `timeout` is killed and reported with exit 137.
RunResult run(std::vector<std::string> argv, ProcessOptions options = {},
              std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Convenience: illctl with arguments (binary path from the build).
RunResult illctl(std::vector<std::string> args, ProcessOptions options = {});

}  // namespace ill::test
