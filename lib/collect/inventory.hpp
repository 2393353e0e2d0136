// What illd polls: the active routers of the store with their active links, and the generation
// counter that tells when an illctl edit changed them.
#pragma once

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <cstdint>
#include <vector>

namespace ill::collect {

struct RouterWithLinks {
  store::Router router;
  std::vector<store::Link> links;
};

struct Inventory {
  std::int64_t generation = 0;  // store's inventory_generation when read
  std::vector<RouterWithLinks> routers;
  std::size_t link_count() const;
};

// Reads the active routers and their active links. The generation is read first, so an edit
// that races the read shows up as a newer generation at the next check.
Result<Inventory> load_inventory(store::Database& db);

}  // namespace ill::collect
