#include "control/faults_api.hpp"

#include <algorithm>
#include <map>

#include <boost/json/parse.hpp>

#include "control/admin_common.hpp"
#include "http/envelope.hpp"
#include "http/json_response.hpp"

namespace filegate::control {
namespace {

using http::bhttp::verb;

constexpr std::size_t kMaxRuleBytes = 64 * 1024;

// The local listing with each rule's matches and firings summed over every node that answered.
http::Exchange::StringResponse merged_list(boost::json::array rules, const std::vector<Cluster::PeerAnswer>& answers) {
  for (const boost::json::value& theirs : Cluster::answered_elements(answers, "faults")) {
    const auto* their_rule = theirs.if_object();
    const auto* their_id = their_rule ? their_rule->if_contains("id") : nullptr;
    if (!their_id) continue;
    const auto ours = std::find_if(rules.begin(), rules.end(), [&](const boost::json::value& rule) {
      return rule.as_object().at("id") == *their_id;
    });
    if (ours == rules.end()) continue;
    for (const char* count : {"matched", "fired"}) {
      const auto* their_count = their_rule->if_contains(count);
      boost::json::value& our_count = ours->as_object()[count];
      if (their_count && their_count->is_number() && our_count.is_number()) {
        our_count = our_count.to_number<std::uint64_t>() + their_count->to_number<std::uint64_t>();
      }
    }
  }
  return http::json_response(200, boost::json::object{{"faults", std::move(rules)}});
}

}  // namespace

void FaultsApi::register_routes(http::Router& router) {
  endpoints_ = router.endpoints();
  const std::string base(kAdminApiBase);
  auto call = [this](Call c, Fan fan) { return [this, c, fan](http::Exchange& e) { return run(e, c, fan); }; };
  router.scope(http::filegate_envelope(), {base})
      .add(verb::get, base + "faults", "filegate.faults.list", call(&FaultsApi::list, Fan::merged_counts))
      .add(verb::post, base + "faults", "filegate.faults.add", call(&FaultsApi::add, Fan::added_rule))
      .add(verb::delete_, base + "faults", "filegate.faults.clear", call(&FaultsApi::clear, Fan::same_call))
      .add(verb::delete_, base + "faults/:id", "filegate.faults.remove", call(&FaultsApi::remove, Fan::same_call))
      .add(verb::get, base + "errors", "filegate.errors.list", call(&FaultsApi::errors, Fan::none));
}

// Rules live in memory and change under one short lock: the calls run on the event loop. A call made on this node
// is then sent to the other nodes of a cluster, whose answers only a listing uses (a node that fails to follow is
// logged by the cluster).
http::awaitable<void> FaultsApi::run(http::Exchange& exchange, Call call, Fan fan) {
  require_admin_token(exchange, admin_token_);
  const std::string body = co_await exchange.read_all(kMaxRuleBytes);
  StringResponse response = (this->*call)(exchange, body);
  if (fan != Fan::none && Cluster::forwarded(exchange) == Cluster::Forwarded::no) {
    std::string sent = fan == Fan::added_rule ? response.body() : body;
    const std::vector<Cluster::PeerAnswer> answers = co_await cluster_.forward(exchange, std::move(sent));
    if (fan == Fan::merged_counts) response = merged_list(faults_.list(), answers);
  }
  co_await exchange.respond(std::move(response));
}

FaultsApi::StringResponse FaultsApi::list(const http::Exchange&, const std::string&) {
  return http::json_response(200, boost::json::object{{"faults", faults_.list()}});
}

FaultsApi::StringResponse FaultsApi::add(const http::Exchange&, const std::string& body) {
  try {
    return http::json_response(201, faults_.add(parse_admin_body(body)));
  } catch (const FaultRuleError& e) {
    throw http::Refusal(kAdminBadRequest, e.what());
  }
}

FaultsApi::StringResponse FaultsApi::remove(const http::Exchange& exchange, const std::string&) {
  const auto id = http::percent_decode(exchange.param("id"));
  if (!id || !faults_.remove(*id)) throw http::Refusal(kAdminNotFound, "no such fault rule");
  return http::json_response(200, boost::json::object{{"deleted", *id}});
}

FaultsApi::StringResponse FaultsApi::clear(const http::Exchange&, const std::string&) {
  return http::json_response(200, boost::json::object{{"deleted", faults_.clear()}});
}

FaultsApi::StringResponse FaultsApi::errors(const http::Exchange& exchange, const std::string&) {
  const auto& request = exchange.request();
  boost::json::array all =
      error_catalog(endpoints_, request.query("dialect").value_or(""), request.query("endpoint").value_or(""));
  return http::json_response(200, boost::json::object{{"errors", std::move(all)}});
}

boost::json::array error_catalog(const std::vector<http::Router::Endpoint>& endpoints, std::string_view dialect,
                                 std::string_view endpoint) {
  // Each entry once, with every endpoint whose surface lists it and that it can answer; in catalog order.
  struct Listed {
    std::string_view dialect;
    std::vector<std::string_view> endpoints;
  };
  std::vector<const http::ErrorEntry*> order;
  std::map<const http::ErrorEntry*, Listed> listed;
  for (const auto& route : endpoints) {
    const std::string_view route_dialect = route.name.substr(0, route.name.find('.'));
    if (route_dialect == "filegate" || (!dialect.empty() && route_dialect != dialect)) continue;
    if (!endpoint.empty() && route.name != endpoint) continue;
    for (const http::ErrorEntry* entry : route.envelope->catalog()) {
      if (!http::answers_endpoint(*entry, route.name)) continue;
      auto [it, inserted] = listed.try_emplace(entry, Listed{route_dialect, {}});
      if (inserted) order.push_back(entry);
      auto& names = it->second.endpoints;
      if (std::find(names.begin(), names.end(), route.name) == names.end()) names.push_back(route.name);
    }
  }
  boost::json::array all;
  for (const http::ErrorEntry* entry : order) {
    const Listed& where = listed.at(entry);
    boost::json::array names;
    for (std::string_view name : where.endpoints) names.emplace_back(name);
    boost::json::object headers;
    for (const auto& header : entry->headers) headers[header.name] = header.value;
    all.push_back(boost::json::object{{"dialect", where.dialect},
                                      {"name", entry->name},
                                      {"code", entry->code},
                                      {"status", entry->status},
                                      {"message", entry->message},
                                      {"endpoints", std::move(names)},
                                      {"headers", std::move(headers)}});
  }
  return all;
}

}  // namespace filegate::control
