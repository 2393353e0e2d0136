#include "collect/inventory.hpp"

#include <map>

namespace ill::collect {

std::size_t Inventory::link_count() const {
  std::size_t n = 0;
  for (const auto& r : routers) n += r->links.size();
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
  std::vector<RouterWithLinks> building;
  std::map<std::int64_t, std::size_t> index;
  for (auto& r : *routers) {
    if (!r.active) continue;
    index[r.id] = building.size();
    building.push_back({std::move(r), {}});
  }
  for (auto& l : *links) {
    auto it = index.find(l.router_id);
    if (it != index.end()) building[it->second].links.push_back(std::move(l));
  }
  out.routers.reserve(building.size());
  for (auto& r : building) {
    r.links.shrink_to_fit();
    out.routers.push_back(std::make_shared<const RouterWithLinks>(std::move(r)));
  }
  return out;
}

}  // namespace ill::collect
