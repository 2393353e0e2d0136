// What illd polls: the active routers of the store with their active links, and the generation
// counter that tells when an illctl edit changed them.
//
// Each router with its links is one immutable shared object: the daemon's inventory, the
// collector's session for the router, every poll result and the live figures hold the same one,
// so 50,000 links are held once, not once per holder.
#pragma once

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace ill::collect {

struct RouterWithLinks {
  store::Router router;
  std::vector<store::Link> links;
};

// One router and the links it carries, as polled: shared with the PollResult so that what was
// recorded is exactly what was asked.
using PollTarget = std::shared_ptr<const RouterWithLinks>;

struct Inventory {
  std::int64_t generation = 0;      // store's inventory_generation when read
  std::vector<PollTarget> routers;  // never null
  std::size_t link_count() const;
};

// Reads the active routers and their active links. The generation is read first, so an edit
// that races the read shows up as a newer generation at the next check.
Result<Inventory> load_inventory(store::Database& db);

}  // namespace ill::collect
