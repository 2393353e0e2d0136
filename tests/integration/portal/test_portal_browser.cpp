// The portal in headless Chromium (Debian's chromium and chromedriver, driven by
// python3-selenium): sign in, the dashboard and a link page at 1280 and 360 px, graphs that
// render, the store's numbers on screen. Screenshots go to portal-screenshots/ in the build dir.
#include "portal_site.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/sample_repository.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace ill;
using namespace ill::test;
using namespace std::chrono_literals;

TEST_CASE("portal: pages render in headless Chromium at desktop and phone widths",
          "[integration][portal][browser]") {
  if (!std::filesystem::exists("/usr/bin/chromedriver")) {
    WARN("no /usr/bin/chromedriver: skipped");
    return;
  }
  PortalSite site;
  nlohmann::json expected = {{"links", nlohmann::json::object()}};
  {
    auto db = store::Database::open(site.db_path(), store::OpenMode::existing);
    REQUIRE(db);
    for (auto id : site.a().links) {
      auto latest = store::SampleRepository(**db).latest(id);
      REQUIRE(latest);
      REQUIRE(*latest);
      auto link = store::LinkRepository(**db).get(id);
      REQUIRE(link);
      expected["links"][std::to_string(id)] = {{"in_bps", *(*latest)->rx_bps},
                                               {"name", link->name}};
    }
  }
  const auto shots = std::filesystem::current_path() / "portal-screenshots";
  auto r = run({"/usr/bin/python3",
                std::string(ILL_SOURCE_DIR) + "/tests/integration/portal/browser_check.py",
                "http://127.0.0.1:" + std::to_string(site.port()), "alice", k_alice_password,
                expected.dump(), shots.string()},
               {}, 120s);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("ok") != std::string::npos);
  CHECK(std::filesystem::file_size(shots / "dashboard-phone.png") > 1000);
}
