#include "metrics/daemon_metrics.hpp"
#include "metrics/fleet_metrics.hpp"

#include "fixtures/exposition_reader.hpp"
#include "fixtures/sample_fleet.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace ill::metrics;
using ill::test::Exposed;
using ill::test::read_exposition;

namespace {

Exposed fleet_text(const FleetSnapshot& fleet) {
  Exposition out;
  render_fleet(fleet, out);
  return read_exposition(out.text());
}

RouterFigures router(std::string name) {
  RouterFigures r;
  r.name = std::move(name);
  r.address = "127.0.0.9";
  r.status = "online";
  return r;
}

// Links of router gw1 and their names, handed to a snapshot as LiveFigures hands them over.
struct Links {
  std::vector<LinkFigures> figures;
  std::vector<LinkNames> names;

  LinkFigures& add(std::string name, LinkState state, std::string client = "ACME",
                   std::string interface = "ether1") {
    names.push_back({std::move(name), std::move(client), "gw1", "127.0.0.9", std::move(interface)});
    figures.emplace_back().state = state;
    return figures.back();
  }
  void into(FleetSnapshot& fleet) const {
    fleet.links.insert(fleet.links.end(), figures.begin(), figures.end());
    fleet.name_links(names);
  }
};

double value_of(const Exposed& e, const std::string& name,
                const std::map<std::string, std::string>& labels) {
  auto found = e.of(name, labels);
  REQUIRE(found.size() == 1);
  return found[0].value;
}

}  // namespace

TEST_CASE("fleet families have the types their names promise", "[unit][metrics]") {
  auto e = fleet_text(ill::test::sample_fleet());
  for (const auto& [name, type] : e.types) {
    INFO(name);
    bool total = name.ends_with("_total");
    CHECK(total == (type == "counter"));
    CHECK((type == "counter" || type == "gauge"));
  }
  CHECK(e.types.at("mktxp_interface_rx_byte_total") == "counter");
  CHECK(e.types.at("mktxp_system_cpu_load") == "gauge");
  CHECK(e.types.at("mktxp_system_identity_info") == "gauge");
  CHECK(e.types.at("illd_router_polls_total") == "counter");
  CHECK(e.types.at("illd_router_poll_duration_seconds") == "gauge");
  CHECK(e.types.at("illd_cycle_lag_seconds") == "gauge");
  CHECK(e.types.at("illd_write_samples_total") == "counter");
  CHECK(e.types.at("illd_write_dropped_total") == "counter");
  // Each family once, and every sample belongs to the family declared before it.
  CHECK(std::set<std::string>(e.families.begin(), e.families.end()).size() == e.families.size());
  for (const auto& s : e.samples) CHECK(e.types.count(s.name) == 1);
}

TEST_CASE("mktxp families carry mktxp's names and labels", "[unit][metrics]") {
  auto e = fleet_text(ill::test::sample_fleet());
  CHECK(value_of(e, "mktxp_system_identity_info",
                 {{"name", "Core 1"},
                  {"routerboard_name", "gw-core-1"},
                  {"routerboard_address", "127.0.0.2"}}) == 1);
  auto cpu = e.of("mktxp_system_cpu_load", {{"routerboard_name", "gw-core-1"}});
  REQUIRE(cpu.size() == 1);
  CHECK(cpu[0].value == 12);  // percent, as mktxp has it
  CHECK(cpu[0].labels == std::map<std::string, std::string>{{"version", "7.16.2 (stable)"},
                                                            {"board_name", "CCR2004-1G-12S+2XS"},
                                                            {"cpu", "ARM64"},
                                                            {"architecture_name", "arm64"},
                                                            {"routerboard_name", "gw-core-1"},
                                                            {"routerboard_address", "127.0.0.2"}});
  CHECK(value_of(e, "mktxp_system_total_memory", {{"routerboard_name", "gw-core-1"}}) ==
        4294967296.0);
  CHECK(value_of(e, "mktxp_system_uptime", {{"routerboard_name", "gw-legacy"}}) == 17.5);
  auto rx = e.of("mktxp_interface_rx_byte_total", {{"name", "ether5 (VLAN 100)"}});
  REQUIRE(rx.size() == 1);
  CHECK(rx[0].value == 1000000);
  CHECK(rx[0].labels == std::map<std::string, std::string>{{"name", "ether5 (VLAN 100)"},
                                                           {"routerboard_name", "gw-core-1"},
                                                           {"routerboard_address", "127.0.0.2"}});
}

TEST_CASE("two links on one interface make one mktxp series and two link series",
          "[unit][metrics]") {
  FleetSnapshot fleet;
  Links links;
  links.add("a", LinkState::up);
  links.add("b", LinkState::up);
  for (auto& l : links.figures) l.rx_bytes = l.tx_bytes = 5;
  links.into(fleet);
  auto e = fleet_text(fleet);
  CHECK(e.of("mktxp_interface_rx_byte_total").size() == 1);
  CHECK(e.of("mktxp_interface_tx_byte_total").size() == 1);
  CHECK(e.of("illd_link_rx_bytes_total").size() == 2);
}

TEST_CASE("link figures are written in base units", "[unit][metrics]") {
  FleetSnapshot fleet;
  Links links;
  auto& l = links.add("acme-1", LinkState::up);
  l.rx_bps = 8000;
  l.tx_bps = 1'000'000'000;
  l.latency_ms = 12.5;
  l.loss_pct = 25;
  l.state_since = 1'795'000'000;
  links.into(fleet);
  auto e = fleet_text(fleet);
  std::map<std::string, std::string> labels{
      {"link", "acme-1"}, {"client", "ACME"}, {"router", "gw1"}, {"interface", "ether1"}};
  CHECK(value_of(e, "illd_link_rx_bytes_per_second", labels) == 1000);
  CHECK(value_of(e, "illd_link_tx_bytes_per_second", labels) == 125'000'000);
  CHECK(value_of(e, "illd_link_latency_seconds", labels) == Approx(0.0125));
  CHECK(value_of(e, "illd_link_loss_ratio", labels) == Approx(0.25));
  CHECK(value_of(e, "illd_link_state_since_timestamp_seconds", labels) == 1'795'000'000);
  CHECK(e.of("illd_link_up")[0].labels == labels);  // exactly the four link labels
}

TEST_CASE("an unknown link has a state but no up sample", "[unit][metrics]") {
  FleetSnapshot fleet;
  Links links;
  links.add("seen-up", LinkState::up);
  links.add("seen-down", LinkState::down);
  links.add("unseen", LinkState::unknown);
  links.into(fleet);
  auto e = fleet_text(fleet);
  auto state = [&e](const std::string& l, const std::string& s) {
    return value_of(e, "illd_link_state", {{"link", l}, {"state", s}});
  };
  CHECK(state("unseen", "unknown") == 1);
  CHECK(state("unseen", "up") == 0);
  CHECK(state("unseen", "down") == 0);
  CHECK(state("seen-down", "down") == 1);
  CHECK(state("seen-down", "unknown") == 0);
  CHECK(state("seen-up", "up") == 1);
  CHECK(e.of("illd_link_state").size() == 9);  // every state of every link
  CHECK(e.of("illd_link_up", {{"link", "unseen"}}).empty());
  CHECK(value_of(e, "illd_link_up", {{"link", "seen-down"}}) == 0);
  CHECK(value_of(e, "illd_link_up", {{"link", "seen-up"}}) == 1);
  // Nothing measured yet: no rate, latency or counter rather than a made-up 0.
  CHECK(e.of("illd_link_rx_bytes_per_second").empty());
  CHECK(e.types.count("illd_link_latency_seconds") == 0);
  CHECK(e.types.count("mktxp_interface_rx_byte_total") == 0);
}

TEST_CASE("a router never polled successfully still has up and a poll duration",
          "[unit][metrics]") {
  FleetSnapshot fleet;
  auto dead = router("gw-dead");
  dead.status = "unreachable";
  dead.poll_duration_s = 10;
  dead.polls_total = 4;
  dead.poll_errors_total = 4;
  auto fresh = router("gw-new");
  fresh.status = "unknown";
  fleet.routers = {dead, fresh};
  auto e = fleet_text(fleet);
  CHECK(value_of(e, "illd_router_up", {{"router", "gw-dead"}}) == 0);
  CHECK(value_of(e, "illd_router_poll_duration_seconds", {{"router", "gw-dead"}}) == 10);
  CHECK(value_of(e, "illd_router_polls_total", {{"router", "gw-dead"}}) == 4);
  CHECK(value_of(e, "illd_router_poll_errors_total", {{"router", "gw-dead"}}) == 4);
  CHECK(value_of(e, "illd_router_status", {{"router", "gw-dead"}, {"status", "unreachable"}}) == 1);
  CHECK(value_of(e, "illd_router_status", {{"router", "gw-dead"}, {"status", "online"}}) == 0);
  CHECK(e.of("illd_router_status", {{"router", "gw-dead"}}).size() == 4);
  // Never attempted: up 0 and a duration that says "no figure" rather than 0 s.
  CHECK(value_of(e, "illd_router_up", {{"router", "gw-new"}}) == 0);
  CHECK(std::isnan(value_of(e, "illd_router_poll_duration_seconds", {{"router", "gw-new"}})));
  CHECK(value_of(e, "illd_router_polls_total", {{"router", "gw-new"}}) == 0);
  // What only a successful poll tells is absent, not 0.
  CHECK(e.of("illd_router_last_success_timestamp_seconds").empty());
  CHECK(e.types.count("mktxp_system_cpu_load") == 0);
  CHECK(e.types.count("mktxp_system_identity_info") == 0);
}

TEST_CASE("label values are escaped and come back unchanged", "[unit][metrics]") {
  FleetSnapshot fleet;
  const std::string name = R"(a "quoted" \ link)", client = "line one\nline two",
                    interface = "vlan-ü.42";
  Links links;
  links.add(name, LinkState::down, client, interface);
  links.into(fleet);
  Exposition out;
  render_fleet(fleet, out);
  CHECK_THAT(out.text(), Catch::Contains(R"(link="a \"quoted\" \\ link")"));
  CHECK_THAT(out.text(), Catch::Contains(R"(client="line one\nline two")"));
  auto e = read_exposition(out.text());
  auto up = e.of("illd_link_up");
  REQUIRE(up.size() == 1);
  CHECK(up[0].labels.at("link") == name);
  CHECK(up[0].labels.at("client") == client);
  CHECK(up[0].labels.at("interface") == interface);
}

TEST_CASE("no counter series changes with the state of what it counts", "[unit][metrics]") {
  // The same fleet a few polls later, with everything that may change changed: link states,
  // rates, router status, up, the RouterOS version after an upgrade, the identity.
  auto before = ill::test::sample_fleet();
  auto after = before;
  for (auto& l : after.links) {
    l.state = l.state == LinkState::up ? LinkState::down : LinkState::up;
    l.rx_bps = l.rx_bps ? std::nullopt : std::optional<double>(1);
    if (l.rx_bytes) *l.rx_bytes += 1000;
  }
  for (auto& r : after.routers) {
    r.status = r.status == "online" ? "unreachable" : "online";
    r.up = !r.up;
    r.version = "7.17 (stable)";
    r.identity += " renamed";
    r.polls_total += 1;
  }
  auto counters = [](const FleetSnapshot& fleet) {
    auto e = fleet_text(fleet);
    std::set<std::pair<std::string, std::map<std::string, std::string>>> series;
    for (const auto& s : e.samples) {
      if (e.types.at(s.name) == "counter") series.emplace(s.name, s.labels);
    }
    return series;
  };
  auto series = counters(before);
  CHECK(series.size() > 20);
  CHECK(series == counters(after));
}

TEST_CASE("an empty fleet exposes the collector and no empty families", "[unit][metrics]") {
  FleetSnapshot fleet;
  fleet.collector.cycle_lag_s = 1.5;
  fleet.collector.write_queue_depth = 7;
  Exposition out;
  render_fleet(fleet, out);
  auto e = read_exposition(out.text());
  CHECK(value_of(e, "illd_cycle_lag_seconds", {}) == 1.5);
  CHECK(value_of(e, "illd_write_queue_depth", {}) == 7);
  CHECK(value_of(e, "illd_poll_interval_seconds", {}) == 60);
  for (const auto& name : e.families) {
    INFO(name);
    CHECK(!e.of(name).empty());
  }
  CHECK(e.types.count("illd_router_up") == 0);
  CHECK(e.types.count("illd_link_state") == 0);
}

TEST_CASE("render writes illd's own figures and then the fleet's", "[unit][metrics]") {
  DaemonSnapshot daemon;
  auto text = render(daemon, ill::test::sample_fleet());
  auto e = read_exposition(text);
  CHECK(value_of(e, "illd_build_info", {}) == 1);
  CHECK(value_of(e, "illd_router_up", {{"router", "gw-core-1"}}) == 1);
  CHECK(text.find("illd_build_info") < text.find("illd_router_up"));
  CHECK(render(daemon, FleetSnapshot{}).starts_with(render(daemon)));
}

TEST_CASE("a router status outside the known four is still shown", "[unit][metrics]") {
  FleetSnapshot fleet;
  auto odd = router("gw-odd");
  odd.status = "disabled";
  fleet.routers = {odd};
  auto e = fleet_text(fleet);
  CHECK(value_of(e, "illd_router_status", {{"status", "disabled"}}) == 1);
  CHECK(value_of(e, "illd_router_status", {{"status", "online"}}) == 0);
  CHECK(e.of("illd_router_status").size() == 5);
}

TEST_CASE("the page rendered in pieces is the page rendered whole", "[unit][metrics]") {
  Links links;
  FleetSnapshot fleet = ill::test::sample_fleet(&links.names);
  links.figures = fleet.links;
  fleet.links.clear();
  for (int i = 0; i < 500; ++i) {
    fleet.routers.push_back(router("edge" + std::to_string(i)));
    links.add("edge" + std::to_string(i) + "-ether1", i % 3 == 0 ? LinkState::down : LinkState::up);
  }
  links.into(fleet);
  DaemonSnapshot daemon;
  const std::string whole = render(daemon, fleet);
  REQUIRE(whole.size() > 100'000);
  auto next = render_pieces(daemon, fleet, 4096);
  std::string joined, piece;
  std::size_t pieces = 0;
  while (next(piece)) {
    ++pieces;
    // A piece ends once it holds 4 KiB, after the header or sample that took it there.
    CHECK(piece.size() < 4096 + 2048);
    joined += piece;
  }
  CHECK(pieces > whole.size() / 6144);
  CHECK(joined == whole);
  CHECK_FALSE(next(piece));  // stays ended
}

TEST_CASE("a page abandoned after its first piece stops its renderer", "[unit][metrics]") {
  FleetSnapshot fleet;
  Links links;
  for (int i = 0; i < 20'000; ++i) {
    std::string name = "l";  // not "l" + to_string(i): GCC 12 -O2 warns falsely (-Wrestrict)
    name += std::to_string(i);
    links.add(std::move(name), LinkState::up);
  }
  links.into(fleet);
  auto next = render_pieces({}, std::move(fleet), 1024);
  std::string piece;
  REQUIRE(next(piece));
  CHECK_THAT(piece, Catch::Matchers::StartsWith("# HELP illd_build_info"));
  next = nullptr;  // the client left: the producer, blocked on a full queue, is joined here
  SUCCEED("the renderer stopped and was joined");
}

TEST_CASE("a label table lists each interface once, with the first link on it", "[unit][metrics]") {
  const std::vector<LinkNames> names = {
      {"a", "ACME", "gw1", "127.0.0.9", "ether1"},
      {"b", "ACME", "gw1", "127.0.0.9", "ether2"},
      {"c", "Initech", "gw1", "127.0.0.9", "ether1"},  // ether1 of gw1 again
      {"d", "Initech", "gw2", "127.0.0.8", "ether1"},  // another router's ether1
  };
  const LinkLabelTable table(names);
  REQUIRE(table.size() == 4);
  CHECK(table.link(2).text() ==
        LabelSet{{"link", "c"}, {"client", "Initech"}, {"router", "gw1"}, {"interface", "ether1"}}
            .text());
  REQUIRE(table.interface_count() == 3);
  CHECK(table.interface_link(0) == 0);
  CHECK(table.interface_link(1) == 1);
  CHECK(table.interface_link(2) == 3);
  CHECK(table.interface(2).text() == LabelSet{{"name", "ether1"},
                                              {"routerboard_name", "gw2"},
                                              {"routerboard_address", "127.0.0.8"}}
                                         .text());
}

TEST_CASE("a snapshot whose labels do not match its links is refused", "[unit][metrics]") {
  FleetSnapshot fleet;
  Links links;
  links.add("a", LinkState::up);
  links.add("b", LinkState::up);
  links.into(fleet);
  fleet.links.pop_back();
  Exposition out;
  CHECK_THROWS_AS(render_fleet(fleet, out), std::logic_error);
  fleet.link_labels.reset();
  CHECK_THROWS_AS(render_fleet(fleet, out), std::logic_error);
  fleet.links.clear();
  CHECK_NOTHROW(render_fleet(fleet, out));
}
