#include "control/faults.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <set>

#include <boost/json/serialize.hpp>

#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::control {

using http::InjectedFault;

struct Faults::Rule {
  std::string id;
  bool from_start_up_fixtures = false;
  boost::json::object spec;  // as given: what the listing shows

  // What it matches; empty: anything.
  std::string dialect;
  std::string endpoint;
  std::string method;
  std::string caller;
  std::string key;  // a glob over the request's route parameters and query values
  double probability = 1.0;
  std::optional<std::uint64_t> times;
  std::uint64_t after = 0;

  // What it does.
  InjectedFault::Kind kind = InjectedFault::Kind::shape;
  std::string error;    // a catalog name or platform code: kind is refuse
  bool expire = false;  // the envelope's expiry error: kind is refuse
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds latency{0};
  std::chrono::milliseconds jitter{0};
  std::chrono::milliseconds hang_for{0};
  std::uint64_t bandwidth = 0;
  std::optional<std::uint64_t> truncate_after;

  std::uint64_t matched = 0;
  std::uint64_t fired = 0;

  bool spent() const { return times && fired >= *times; }
  bool serves(const http::Router::Endpoint& route) const {
    const std::string_view name = route.name;
    return (endpoint.empty() || name == endpoint) && (dialect.empty() || name.substr(0, name.find('.')) == dialect);
  }
};

namespace {

constexpr std::int64_t kLongestDelayMs = 10 * 60 * 1000;  // a typo must not park a test for hours

std::string_view dialect_of(std::string_view endpoint) { return endpoint.substr(0, endpoint.find('.')); }

// Reads a rule's members, each once, and refuses the members it does not know: a misspelt "probabilty" must not
// silently make a rule that always fires.
class SpecReader {
 public:
  explicit SpecReader(const boost::json::object& spec) : spec_(spec) {}

  std::string text(std::string_view key) {
    const boost::json::value* value = take(key);
    if (!value) return {};
    if (!value->is_string()) throw FaultRuleError(std::string(key), std::string(key) + " must be a string");
    return std::string(value->get_string());
  }
  bool flag(std::string_view key) {
    const boost::json::value* value = take(key);
    if (!value) return false;
    if (!value->is_bool()) throw FaultRuleError(std::string(key), std::string(key) + " must be true or false");
    return value->get_bool();
  }
  std::optional<double> number(std::string_view key, double lowest, double highest) {
    const boost::json::value* value = take(key);
    if (!value) return std::nullopt;
    if (!value->is_number() || value->to_number<double>() < lowest || value->to_number<double>() > highest) {
      throw FaultRuleError(std::string(key),
                           std::string(key) + " must be a number from " + format(lowest) + " to " + format(highest));
    }
    return value->to_number<double>();
  }
  std::optional<std::uint64_t> count(std::string_view key, std::int64_t lowest, std::int64_t highest) {
    const boost::json::value* value = take(key);
    if (!value) return std::nullopt;
    // TOML and JSON writers may send 3 as 3.0.
    const bool whole = value->is_int64() || value->is_uint64() ||
                       (value->is_double() && std::floor(value->get_double()) == value->get_double());
    if (!whole || value->to_number<double>() < static_cast<double>(lowest) ||
        value->to_number<double>() > static_cast<double>(highest)) {
      throw FaultRuleError(std::string(key), std::string(key) + " must be a whole number from " +
                                                 std::to_string(lowest) + " to " + std::to_string(highest));
    }
    return static_cast<std::uint64_t>(value->to_number<double>());
  }
  // Any JSON value, unchecked; null when absent.
  const boost::json::value* value(std::string_view key) { return take(key); }
  const boost::json::object* object(std::string_view key) {
    const boost::json::value* value = take(key);
    if (!value) return nullptr;
    if (!value->is_object()) throw FaultRuleError(std::string(key), std::string(key) + " must be an object");
    return &value->get_object();
  }
  void finish() const {
    for (const auto& member : spec_) {
      if (!taken_.contains(member.key())) {
        throw FaultRuleError(std::string(member.key()), "unknown member " + std::string(member.key()) +
                                                            " (docs/faults.md lists a rule's members)");
      }
    }
  }

 private:
  const boost::json::value* take(std::string_view key) {
    taken_.insert(std::string(key));
    return spec_.if_contains(key);
  }
  static std::string format(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text;
  }

  const boost::json::object& spec_;
  std::set<std::string, std::less<>> taken_;
};

std::chrono::milliseconds millis(std::optional<std::uint64_t> value) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(value.value_or(0)));
}

// The members a rule may have, and the one thing besides a delay that it does (docs/faults.md).
void read_rule(SpecReader& reader, Faults::Rule& rule) {
  rule.dialect = reader.text("dialect");
  rule.endpoint = reader.text("endpoint");
  rule.method = reader.text("method");
  std::transform(rule.method.begin(), rule.method.end(), rule.method.begin(), ::toupper);
  if (!rule.method.empty() && http::bhttp::string_to_verb(rule.method) == http::bhttp::verb::unknown) {
    throw FaultRuleError("method", "method must be an HTTP method such as GET");
  }
  rule.caller = reader.text("caller");
  rule.key = reader.text("key");
  rule.probability = reader.number("probability", 0, 1).value_or(1.0);
  rule.times = reader.count("times", 1, INT64_MAX);
  rule.after = reader.count("after", 0, INT64_MAX).value_or(0);

  rule.latency = millis(reader.count("latency_ms", 0, kLongestDelayMs));
  rule.jitter = millis(reader.count("jitter_ms", 0, kLongestDelayMs));
  std::vector<std::string_view> actions;
  if ((rule.error = reader.text("error"), !rule.error.empty())) actions.emplace_back("error");
  const auto status = reader.count("status", 100, 599);
  if (status) {
    actions.emplace_back("status");
    rule.status = static_cast<unsigned>(*status);
  }
  if (const auto bandwidth = reader.count("bandwidth", 1, INT64_MAX)) {
    actions.emplace_back("bandwidth");
    rule.bandwidth = *bandwidth;
  }
  if ((rule.truncate_after = reader.count("truncate_after", 0, INT64_MAX))) actions.emplace_back("truncate_after");
  if (reader.flag("reset")) actions.emplace_back("reset");
  if (reader.flag("drop")) actions.emplace_back("drop");
  const auto hang_ms = reader.count("hang_ms", 1, 24LL * 3600 * 1000);
  if (reader.flag("hang") || hang_ms) actions.emplace_back("hang");
  rule.hang_for = millis(hang_ms);
  if ((rule.expire = reader.flag("expire"))) actions.emplace_back("expire");
  if (actions.size() > 1) {
    throw FaultRuleError(std::string(actions[1]),
                         "a rule does one of error, status, bandwidth, truncate_after, "
                         "reset, drop, hang, expire (plus latency_ms): this one has " +
                             std::string(actions[0]) + " and " + std::string(actions[1]));
  }
  if (actions.empty() && rule.latency.count() == 0) {
    throw FaultRuleError("error",
                         "a rule needs an action: error, status, latency_ms, bandwidth, truncate_after, "
                         "reset, drop, hang or expire");
  }
  const std::string_view action = actions.empty() ? "latency_ms" : actions.front();
  if (action == "error" || action == "expire") rule.kind = InjectedFault::Kind::refuse;
  if (action == "status") rule.kind = InjectedFault::Kind::raw;
  if (action == "reset") rule.kind = InjectedFault::Kind::reset;
  if (action == "drop") rule.kind = InjectedFault::Kind::drop;
  if (action == "hang") rule.kind = InjectedFault::Kind::hang;
}

// Whether the glob matches one of the request's keys: a route parameter (a file_key, a dentry id, an SMH path …) or
// a query value (Coze's file_id), decoded.
bool key_matches(const std::string& glob, const http::Exchange& exchange) {
  const auto matches = [&](const std::optional<std::string>& value) {
    return value && ::fnmatch(glob.c_str(), value->c_str(), 0) == 0;
  };
  for (const auto& [name, value] : exchange.params()) {
    if (matches(http::percent_decode(value))) return true;
  }
  bool found = false;
  http::for_each_query_pair(exchange.request().raw_query(),
                            [&](std::string_view, std::string_view value, bool has_equals) {
                              found = has_equals && matches(http::query_decode(value));
                              return !found;
                            });
  return found;
}

}  // namespace

Faults::Faults(const std::vector<http::Router::Endpoint>& endpoints, std::uint64_t seed) : seed_(seed), random_(seed) {
  for (const auto& endpoint : endpoints) {
    if (dialect_of(endpoint.name) != "filegate") endpoints_.push_back(endpoint);
  }
}

boost::json::object Faults::add(const boost::json::object& spec, bool from_start_up_fixtures) {
  auto rule = std::make_shared<Rule>();
  rule->spec = spec;
  rule->spec.erase("id");
  rule->from_start_up_fixtures = from_start_up_fixtures;
  SpecReader reader(spec);
  read_rule(reader, *rule);
  if (const auto* raw_headers = reader.object("headers")) {
    for (const auto& [name, value] : *raw_headers) {
      if (!value.is_string()) throw FaultRuleError("headers", "header values must be strings");
      rule->headers.emplace_back(name, value.get_string());
    }
  }
  // A raw body is text, or JSON written for the user (a platform's envelope is easier to write as an object).
  if (const boost::json::value* body = reader.value("body")) {
    rule->body = body->is_string() ? std::string(body->get_string()) : boost::json::serialize(*body);
  }
  if (rule->kind != InjectedFault::Kind::raw && (!rule->body.empty() || !rule->headers.empty())) {
    throw FaultRuleError("status", "body and headers need a status (a raw response)");
  }
  const std::string id = reader.text("id");
  reader.finish();

  // The rule must be able to fire somewhere: its endpoints exist, and one of them can answer its error.
  std::vector<const http::Router::Endpoint*> served;
  for (const auto& endpoint : endpoints_) {
    if (rule->serves(endpoint)) served.push_back(&endpoint);
  }
  if (served.empty()) {
    const std::string key = rule->endpoint.empty() ? "dialect" : "endpoint";
    throw FaultRuleError(key, "no endpoint matches " + key + " '" +
                                  (rule->endpoint.empty() ? rule->dialect : rule->endpoint) +
                                  "' (GET /_filegate/api/v1/errors lists the dialects and endpoints)");
  }
  const auto answers = [&](const http::Router::Endpoint* route) {
    if (rule->expire) return route->envelope->errors().expired != nullptr;
    return rule->error.empty() || http::find_error(route->envelope->catalog(), rule->error, route->name) != nullptr;
  };
  if (std::none_of(served.begin(), served.end(), answers)) {
    if (rule->expire) throw FaultRuleError("expire", "nothing these endpoints take expires (tokens, signed URLs)");
    throw FaultRuleError("error", "no matching endpoint answers the error '" + rule->error +
                                      "' (GET /_filegate/api/v1/errors lists each endpoint's errors)");
  }

  std::lock_guard lock(mutex_);
  const auto taken = [&](const std::string& candidate) {
    return std::any_of(rules_.begin(), rules_.end(), [&](const auto& r) { return r->id == candidate; });
  };
  // An id of its own skips those taken: rules added on other nodes of a cluster arrive here with theirs.
  rule->id = id;
  while (rule->id.empty() || (id.empty() && taken(rule->id))) rule->id = "f" + std::to_string(next_id_++);
  if (!id.empty() && taken(id)) throw FaultRuleError("id", "there is already a rule " + rule->id);
  rules_.push_back(rule);
  rebuild_index();
  boost::json::object listed = rule->spec;
  listed["id"] = rule->id;
  return listed;
}

boost::json::array Faults::list() const {
  std::lock_guard lock(mutex_);
  boost::json::array all;
  for (const auto& rule : rules_) {
    boost::json::object listed = rule->spec;
    listed["id"] = rule->id;
    listed["origin"] = rule->from_start_up_fixtures ? "fixtures" : "api";
    listed["matched"] = rule->matched;
    listed["fired"] = rule->fired;
    listed["spent"] = rule->spent();
    all.push_back(std::move(listed));
  }
  return all;
}

bool Faults::remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  const auto before = rules_.size();
  std::erase_if(rules_, [&](const auto& rule) { return rule->id == id; });
  rebuild_index();
  return rules_.size() != before;
}

std::size_t Faults::clear() {
  std::lock_guard lock(mutex_);
  const std::size_t count = rules_.size();
  rules_.clear();
  rebuild_index();
  return count;
}

void Faults::reset() {
  std::lock_guard lock(mutex_);
  std::erase_if(rules_, [](const auto& rule) { return !rule->from_start_up_fixtures; });
  for (const auto& rule : rules_) rule->matched = rule->fired = 0;
  random_.seed(seed_);
  rebuild_index();
}

void Faults::rebuild_index() {
  by_endpoint_.clear();
  for (const auto& rule : rules_) {
    for (const auto& endpoint : endpoints_) {
      auto& rules = by_endpoint_[endpoint.name];
      if (rule->serves(endpoint) && std::find(rules.begin(), rules.end(), rule.get()) == rules.end()) {
        rules.push_back(rule.get());
      }
    }
  }
  any_rules_.store(!rules_.empty(), std::memory_order_release);
}

std::optional<InjectedFault> Faults::before_handler(const http::Exchange& exchange) { return decide(exchange, false); }

std::optional<InjectedFault> Faults::on_caller(const http::Exchange& exchange) { return decide(exchange, true); }

// Before the handler only rules without a caller are tried; once the dialect knows the caller, only those with one.
// A rule counts a match only where it could fire: its error exists on this endpoint's surface.
std::optional<InjectedFault> Faults::decide(const http::Exchange& exchange, bool caller_known) {
  if (!any_rules_.load(std::memory_order_acquire)) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto found = by_endpoint_.find(exchange.endpoint());
  if (found == by_endpoint_.end()) return std::nullopt;
  for (Rule* rule : found->second) {
    if (rule->caller.empty() == caller_known) continue;
    if (caller_known && rule->caller != exchange.caller()) continue;
    if (!rule->method.empty() && rule->method != exchange.request().method_string()) continue;
    if (!rule->key.empty() && !key_matches(rule->key, exchange)) continue;
    const http::ErrorEntry* error = nullptr;
    if (rule->expire) error = exchange.envelope().errors().expired;
    if (!rule->error.empty()) error = http::find_error(exchange.envelope().catalog(), rule->error, exchange.endpoint());
    if (rule->kind == InjectedFault::Kind::refuse && !error) continue;
    ++rule->matched;
    if (rule->matched <= rule->after || rule->spent()) continue;
    if (rule->probability < 1.0 && std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= rule->probability) {
      continue;
    }
    ++rule->fired;
    InjectedFault fault{rule->id, rule->kind, error, rule->status, rule->body, rule->headers, rule->hang_for, {}};
    fault.shaping.delay = rule->latency;
    if (rule->jitter.count() > 0) {
      fault.shaping.delay +=
          std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(0, rule->jitter.count())(random_));
    }
    fault.shaping.bytes_per_second = rule->bandwidth;
    fault.shaping.truncate_after = rule->truncate_after;
    return fault;
  }
  return std::nullopt;
}

}  // namespace filegate::control
