#include "collect/inventory.hpp"

#include <map>

namespace ill::collect {

std::size_t Inventory::link_count() const {
  std::size_t n = 0;
  for (const auto& r : routers) n += r.links.size();
  return n;
}

Result<Inventory> load_inventory(store::Database& db) {
  Inventory out;
  auto generation = db.inventory_generation();
  if (!generation) return fail(generation.error());
  out.generation = *generation;
  auto routers = store::RouterRepository(db).list();
  if (!routers) return fail(routers.error());
  auto links = store::LinkRepository(db).list({.active_only = true});
  if (!links) return fail(links.error());
  std::map<std::int64_t, std::size_t> index;
  for (auto& r : *routers) {
    if (!r.active) continue;
    index[r.id] = out.routers.size();
    out.routers.push_back({std::move(r), {}});
  }
  for (auto& l : *links) {
    auto it = index.find(l.router_id);
    if (it != index.end()) out.routers[it->second].links.push_back(std::move(l));
  }
  return out;
}

}  // namespace ill::collect
