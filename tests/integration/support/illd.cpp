#include "illd.hpp"

#include <regex>
#include <stdexcept>

namespace ill::test {

std::filesystem::path illd_config(const TempDir& dir, const std::string& extra) {
  auto db = (dir / "ill.db").string();
  auto init = illctl({"--db", db, "init"});
  if (init.exit_code != 0) throw std::runtime_error("illctl init failed: " + init.err);
  return dir.write("illd.conf",
                   "db = \"" + db + "\"\n" + extra +
                       "[http]\nlisten = \"127.0.0.1:0\"\n[portal]\nlisten = \"127.0.0.1:0\"\n");
}

ProcessOptions illd_clean_env() {
  return {.env = {{"ILL_CONFIG", std::nullopt}, {"ILL_DB", std::nullopt}}};
}

std::uint16_t illd_http_port(const Process& illd) {
  std::smatch m;
  std::string err = illd.err();
  if (!std::regex_search(err, m, std::regex("http 127\\.0\\.0\\.1:([0-9]+)"))) return 0;
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

}  // namespace ill::test
