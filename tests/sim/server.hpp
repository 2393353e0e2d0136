// The live simulator: every configured router listening on its own address/port, answering the
// RouterOS API over plain TCP or TLS, all on one Asio io_context (one thread, no thread per
// router or connection). Run-time changes arrive as control lines (README.md, "Control").
#pragma once

#include "core/result.hpp"
#include "sim/config.hpp"
#include "sim/sim_time.hpp"

#include <asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace ill::sim {

class Simulator {
public:
  // `emit` prints one line on stdout (ready lines, control acknowledgements).
  Simulator(asio::io_context& io, SimConfig config, std::function<void(const std::string&)> emit);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Binds every router, then emits one JSON ready line per router and a final `ready`.
  Status start();
  // Applies one control line and returns its acknowledgement (`ok ...` or `error ...`).
  std::string control(std::string_view line);
  // Closes every listener and session.
  void stop();

  // The simulator's clock: the system clock plus the offset `clock` commands add.
  TimeMs now() const;

  struct Impl;

private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace ill::sim
