#pragma once
// Fault rules: make any endpoint fail the way its platform fails (docs/faults.md). A rule matches requests by dialect,
// endpoint, method, caller and a glob over the request's keys, fires with a probability, after some matches, at most
// some times, and answers with a catalog error in the route's own envelope, a raw response, a delay, a throttled or
// truncated body, or a broken connection. Rules come from the admin API, the CLI and the fixtures file.
//
// Rules are indexed by endpoint name when they change, so a request costs one hash lookup, and nothing at all while no
// rule exists. The random source is seeded (`--seed`): the same requests in the same order fire the same faults.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/fault_hook.hpp"
#include "http/router.hpp"

namespace filegate::control {

// A rule that cannot be added; key() names the member at fault ("error", "probability" …).
class FaultRuleError : public std::runtime_error {
 public:
  FaultRuleError(std::string key, const std::string& message) : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

class Faults final : public http::FaultHook {
 public:
  // `endpoints`: every route (Router::endpoints()); filegate's own are never faulted.
  Faults(const std::vector<http::Router::Endpoint>& endpoints, std::uint64_t seed);

  // Adds the rule `spec` (its JSON form, docs/faults.md) and returns it as listed. Rules from the start-up fixtures
  // survive reset. Throws FaultRuleError.
  boost::json::object add(const boost::json::object& spec, bool from_start_up_fixtures = false);
  // Every rule, oldest first, with how often it matched and fired.
  boost::json::array list() const;
  bool remove(std::string_view id);
  // Removes every rule; returns how many there were.
  std::size_t clear();
  // What the admin API's reset does: only the start-up fixtures' rules stay, their counts and the random source start
  // over.
  void reset();

  std::optional<http::InjectedFault> before_handler(const http::Exchange& exchange) override;
  std::optional<http::InjectedFault> on_caller(const http::Exchange& exchange) override;

  struct Rule;  // defined in faults.cpp

 private:
  std::optional<http::InjectedFault> decide(const http::Exchange& exchange, bool caller_known);
  void rebuild_index();  // with mutex_ held

  std::vector<http::Router::Endpoint> endpoints_;  // without filegate's own
  std::uint64_t seed_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Rule>> rules_;
  std::unordered_map<std::string_view, std::vector<Rule*>> by_endpoint_;
  std::atomic<bool> any_rules_{false};
  std::mt19937_64 random_;
  std::uint64_t next_id_ = 1;
};

}  // namespace filegate::control
