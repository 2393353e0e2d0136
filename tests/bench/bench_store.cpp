// Inventory at ISP scale. Run by hand:
//   bench_store [routers=2000] [links=10000] [clients=500]
// Builds a CSV with that many routers, clients and links, and times: the import into a fresh
// on-disk database (in process, then a second, unchanged import), `illctl import` of the same
// file into another fresh database, and `illctl link list --json` / `link list` over the result.
#include "inventory/importer.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string make_csv(int routers, int links, int clients) {
  std::string csv = "[routers]\nname,host,port,transport,user,location,poll_interval_s\n";
  for (int i = 0; i < routers; ++i)
    csv += fmt::format("gw{:04},10.{}.{}.1,,api,ill-ro,\"POP {}, rack {}\",\n", i, i / 250, i % 250,
                       i / 20, i % 20);
  csv += "[clients]\nname,timezone,report_emails\n";
  for (int i = 0; i < clients; ++i)
    csv += fmt::format("client{:04},America/Sao_Paulo,noc@client{}.example\n", i, i);
  csv +=
      "[links]\nname,client,router,interface,committed_mbps,committed_uptime_pct,probe_target,"
      "circuit_id,monthly_fee,currency,activation_date\n";
  for (int i = 0; i < links; ++i)
    csv += fmt::format(
        "link{:05},client{:04},gw{:04},ether{},{},99.9,200.160.{}.{},C-{:06},1500.00,"
        "BRL,2024-01-15\n",
        i, i % clients, i % routers, i / routers + 1, 100 + (i % 10) * 100, (i / 250) % 250,
        i % 250 + 1, i);
  return csv;
}

double run_ms(const std::string& command) {
  auto start = Clock::now();
  int rc = std::system(command.c_str());
  double ms = ms_since(start);
  if (rc != 0) std::fprintf(stderr, "bench_store: '%s' exited %d\n", command.c_str(), rc);
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  int routers = argc > 1 ? std::atoi(argv[1]) : 2000;
  int links = argc > 2 ? std::atoi(argv[2]) : 10000;
  int clients = argc > 3 ? std::atoi(argv[3]) : 500;
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / fmt::format("ill-bench-store-{}", ::getpid());
  fs::create_directories(dir);
  std::string csv = make_csv(routers, links, clients);
  std::string csv_path = (dir / "inventory.csv").string();
  std::ofstream(csv_path) << csv;
  fmt::print("inventory: {} routers, {} clients, {} links ({:.1f} MB of CSV)\n", routers, clients,
             links, static_cast<double>(csv.size()) / 1e6);

  std::string db_path = (dir / "ill.db").string();
  auto db = ill::store::Database::open(db_path, ill::store::OpenMode::create);
  if (!db) {
    fmt::print(stderr, "bench_store: {}\n", db.error().what());
    return 1;
  }
  auto start = Clock::now();
  auto first = ill::inventory::import_inventory(**db, csv, {});
  double first_ms = ms_since(start);
  if (!first || !first->errors.empty() || !first->committed) {
    fmt::print(stderr, "bench_store: import failed\n");
    return 1;
  }
  fmt::print("import (library, fresh database):       {:8.1f} ms  ({} added)\n", first_ms,
             first->count(ill::inventory::ChangeKind::added));
  start = Clock::now();
  auto second = ill::inventory::import_inventory(**db, csv, {});
  fmt::print("import again (library, nothing changes): {:8.1f} ms  ({} unchanged)\n",
             ms_since(start), second->count(ill::inventory::ChangeKind::unchanged));
  start = Clock::now();
  auto listed = ill::store::LinkRepository(**db).list();
  fmt::print("LinkRepository::list ({} links):      {:8.1f} ms\n", listed->size(), ms_since(start));
  db->reset();

  std::string illctl = ILL_ILLCTL_PATH;
  std::string cli_db = (dir / "cli.db").string();
  std::string env = "env -u ILL_CONFIG ";
  run_ms(fmt::format("{}{} --db {} init > /dev/null", env, illctl, cli_db));
  fmt::print(
      "illctl import (process, fresh database): {:8.1f} ms\n",
      run_ms(fmt::format("{}{} --db {} import {} > /dev/null", env, illctl, cli_db, csv_path)));
  for (int i = 0; i < 3; ++i)
    fmt::print(
        "illctl link list --json (run {}):        {:8.1f} ms\n", i + 1,
        run_ms(fmt::format("{}{} --db {} link list --json > /dev/null", env, illctl, cli_db)));
  fmt::print("illctl link list (table):                {:8.1f} ms\n",
             run_ms(fmt::format("{}{} --db {} link list > /dev/null", env, illctl, cli_db)));
  fmt::print("database size: {:.1f} MB\n", static_cast<double>(fs::file_size(cli_db)) / 1e6);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
