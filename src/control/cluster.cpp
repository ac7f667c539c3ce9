#include "control/cluster.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>

#include "http/blocking_work.hpp"

namespace filegate::control {
namespace {

// A peer that does not answer within this is reported as such; the call goes on with the others.
constexpr std::chrono::milliseconds kPeerTimeout{5000};

}  // namespace

Cluster::Cluster(std::unique_ptr<core::NodeRegistry> registry, std::string node_id, std::string node_url,
                 std::string admin_token)
    : registry_(std::move(registry)),
      node_id_(std::move(node_id)),
      node_url_(std::move(node_url)),
      admin_token_(std::move(admin_token)) {}

Cluster::~Cluster() {
  if (!renewer_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  renewer_.join();
  try {
    registry_->leave(node_id_);
  } catch (const std::exception& e) {
    spdlog::warn("could not remove this node from the node registry: {}", e.what());
  }
}

void Cluster::join() {
  if (!registry_) return;
  registry_->announce(node_id_, node_url_);
  renewer_ = std::thread([this] { renew_until_stopped(); });
}

// A database that is briefly away costs a missed renewal, not the node: it is presumed gone only after several.
void Cluster::renew_until_stopped() {
  std::unique_lock lock(mutex_);
  while (!stop_requested_.wait_for(lock, core::NodeRegistry::kRenewEvery, [this] { return stopping_; })) {
    lock.unlock();
    try {
      registry_->announce(node_id_, node_url_);
    } catch (const std::exception& e) {
      spdlog::warn("could not renew this node in the node registry: {}", e.what());
    }
    lock.lock();
  }
}

http::awaitable<std::vector<core::NodeInfo>> Cluster::live_nodes() {
  if (!registry_) co_return std::vector<core::NodeInfo>{};
  co_return co_await http::run_blocking([this] { return registry_->live_nodes(); });
}

http::awaitable<std::optional<core::NodeInfo>> Cluster::older_node() {
  std::vector<core::NodeInfo> live = co_await live_nodes();
  if (live.empty() || live.front().id == node_id_) co_return std::nullopt;
  co_return std::move(live.front());
}

Cluster::Forwarded Cluster::forwarded(std::string_view mark) {
  if (mark == "node") return Forwarded::node_only;
  if (mark == "cluster") return Forwarded::on_behalf;
  return Forwarded::no;
}

http::awaitable<http::OutboundResponse> Cluster::forward_to(const core::NodeInfo& node, Call call, Forwarded mark) {
  http::OutboundRequest request;
  request.method = call.method;
  request.url = node.url + call.target;
  request.headers = {{"Authorization", "Bearer " + admin_token_},
                     {std::string(kForwardedHeader), mark == Forwarded::on_behalf ? "cluster" : "node"}};
  if (!call.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(call.body);
  request.timeout = kPeerTimeout;
  request.max_response_bytes = kMaxAnswerBytes;
  http::OutboundResponse response = co_await http::send(std::move(request));
  if (!response.error.empty()) spdlog::warn("node {} at {}: {}", node.id, node.url, response.error);
  co_return response;
}

http::awaitable<std::vector<Cluster::PeerAnswer>> Cluster::forward(Call call) {
  std::vector<PeerAnswer> answers;
  std::vector<core::NodeInfo> live = co_await live_nodes();
  for (core::NodeInfo& node : live) {
    if (node.id == node_id_) continue;
    Call copy = call;
    http::OutboundResponse response = co_await forward_to(node, std::move(copy), Forwarded::node_only);
    answers.push_back({std::move(node), std::move(response)});
  }
  co_return answers;
}

http::awaitable<std::vector<Cluster::PeerAnswer>> Cluster::forward(const http::Exchange& exchange, std::string body) {
  Call call = call_of(exchange, std::move(body));
  co_return co_await forward(std::move(call));
}

boost::json::array Cluster::answered_elements(const std::vector<PeerAnswer>& answers, std::string_view member) {
  boost::json::array elements;
  for (const PeerAnswer& answer : answers) {
    if (answer.response.status != 200) continue;
    boost::system::error_code error;
    boost::json::value body = boost::json::parse(answer.response.body, error);
    auto* found = error || !body.is_object() ? nullptr : body.as_object().if_contains(member);
    if (!found || !found->is_array()) continue;
    for (auto& element : found->as_array()) elements.push_back(std::move(element));
  }
  return elements;
}

}  // namespace filegate::control
