#pragma once
// Who else serves the same store: filegate nodes over one PostgreSQL find each other in its filegate_nodes table.
// Each node announces itself (its id and the URL the others reach it at) and renews that every few seconds; a node
// not seen for kPresumedGoneAfter is presumed gone, so a killed node drops out without saying goodbye. The control
// plane uses it to fan its calls out to every node (control/cluster.hpp). Times are the database's, so the nodes'
// clocks need not agree.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace filegate::core {

struct NodeInfo {
  std::string id;
  std::string url;                 // http://host:port, where the other nodes reach this one's admin API
  std::int64_t started_at_ms = 0;  // when it first announced itself (Unix time)
};

class NodeRegistry {
 public:
  static constexpr std::chrono::seconds kRenewEvery{2};
  static constexpr std::chrono::seconds kPresumedGoneAfter{7};

  virtual ~NodeRegistry() = default;
  // Adds the node or renews its entry; its start time is kept from the first call.
  virtual void announce(const std::string& id, const std::string& url) = 0;
  // Removes the node's entry: called when it stops.
  virtual void leave(const std::string& id) = 0;
  // Every node seen within kPresumedGoneAfter, this one included, oldest first.
  virtual std::vector<NodeInfo> live_nodes() = 0;
};

// Over the PostgreSQL database at `url`, whose schema open_postgres_metadata has migrated; one connection of its own.
// Blocking: call from a thread that may wait on the network.
std::unique_ptr<NodeRegistry> open_postgres_node_registry(const std::string& url);

}  // namespace filegate::core
