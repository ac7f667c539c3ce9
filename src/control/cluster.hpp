#pragma once
// The nodes of one cluster as the control plane sees them (docs/scale-out.md, "The control plane across nodes").
// Fault rules, the request journal and rate-limit windows live in each node's memory; a call to any node's admin API
// is fanned out to the others (forward()) and their answers merged, so that a test talks to one URL behind a
// balancer as it would to one node. Which nodes are alive comes from the node registry, renewed by a thread of its
// own, so no request waits on the database to learn it. A node without a registry (SQLite) is alone.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/array.hpp>

#include "core/node_registry.hpp"
#include "http/client.hpp"
#include "http/exchange.hpp"

namespace filegate::control {

class Cluster {
 public:
  // `registry`: null for a node alone. `node_url`: where the other nodes reach this one. `admin_token`: every node's
  // (the nodes must share one), sent with each forwarded call.
  Cluster(std::unique_ptr<core::NodeRegistry> registry, std::string node_id, std::string node_url,
          std::string admin_token);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Announces this node and keeps renewing it until the destructor, which removes it. Blocking.
  void join();

  const std::string& node_id() const { return node_id_; }
  // The live node that started first, unless that is this one (or this node is alone): the one whose reset point is
  // the cluster's. Asks the registry (on the blocking pool), as forward() does: a node that has just started is
  // reached at once, not at the next renewal.
  http::awaitable<std::optional<core::NodeInfo>> older_node();

  // How a forwarded call asks the receiving node to act: only on itself, or in full on behalf of the cluster (a
  // reset handed to the oldest node). Unmarked calls come from users.
  enum class Forwarded { no, node_only, on_behalf };
  // What the forwarding header's value (empty when it is absent) asks.
  static Forwarded forwarded(std::string_view mark);
  static Forwarded forwarded(const http::Exchange& exchange) {
    return forwarded(exchange.request().header(kForwardedHeader));
  }
  // The same for a finished request's header fields (null: none).
  static Forwarded forwarded(const http::bhttp::fields* fields) {
    if (!fields) return Forwarded::no;
    const auto mark = fields->find(kForwardedHeader);
    return mark == fields->end() ? Forwarded::no : forwarded(std::string_view(mark->value()));
  }

  // An admin call as another node is sent it.
  struct Call {
    http::bhttp::verb method;
    std::string target;  // path and query, under /_filegate/api/v1/
    std::string body;    // JSON, or empty
  };
  struct PeerAnswer {
    core::NodeInfo node;
    http::OutboundResponse response;
  };
  // Sends `call` to every other live node, marked node_only, one after another; never throws for what a peer does
  // (each answer says it). Nothing to send for a node alone.
  http::awaitable<std::vector<PeerAnswer>> forward(Call call);
  // The call `exchange` is, with `body`, likewise.
  http::awaitable<std::vector<PeerAnswer>> forward(const http::Exchange& exchange, std::string body);
  // The elements of the array `member` of every answer that is a 200 with a JSON object holding one, in order.
  static boost::json::array answered_elements(const std::vector<PeerAnswer>& answers, std::string_view member);
  // `call` to one node, marked as given.
  http::awaitable<http::OutboundResponse> forward_to(const core::NodeInfo& node, Call call, Forwarded mark);
  static Call call_of(const http::Exchange& exchange, std::string body) {
    return {exchange.request().method(), std::string(exchange.request().target()), std::move(body)};
  }

  static constexpr std::string_view kForwardedHeader = "X-Filegate-Forwarded";
  static constexpr std::size_t kMaxAnswerBytes = 32 << 20;  // a journal listing of a whole ring

 private:
  void renew_until_stopped();
  // Every live node, this one included, oldest first, as the registry says now (on the blocking pool).
  http::awaitable<std::vector<core::NodeInfo>> live_nodes();

  const std::unique_ptr<core::NodeRegistry> registry_;
  const std::string node_id_;
  const std::string node_url_;
  const std::string admin_token_;
  std::mutex mutex_;  // guards stopping_
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread renewer_;
};

}  // namespace filegate::control
