#include "control/journal_api.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "control/admin_common.hpp"
#include "core/text.hpp"
#include "http/envelope.hpp"
#include "http/json_response.hpp"

namespace filegate::control {
namespace {

using http::bhttp::verb;

constexpr std::size_t kDefaultLimit = 100;

boost::json::value text_or_null(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

boost::json::object entry_json(const JournalEntry& entry, std::string_view node) {
  const auto unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(entry.time.time_since_epoch()).count();
  return {{"seq", entry.seq},
          {"node", node},
          {"time", core::text::iso8601_utc(unix_ms, core::text::TimePrecision::milliseconds)},
          {"request_id", entry.request_id},
          {"dialect", text_or_null(entry.dialect)},
          {"endpoint", text_or_null(entry.endpoint)},
          {"method", entry.method},
          {"path", entry.path},
          {"status", entry.status},
          {"code", text_or_null(entry.code)},
          {"duration_ms", entry.duration_ms},
          {"bytes_in", entry.bytes_in},
          {"bytes_out", entry.bytes_out},
          {"caller", text_or_null(entry.caller)},
          {"fault_id", text_or_null(entry.fault_id)},
          {"request_head", text_or_null(entry.request_head)},
          {"response_head", text_or_null(entry.response_head)}};
}

boost::json::object list_body(const Journal& journal, const std::vector<JournalEntryPtr>& entries,
                              std::uint64_t last_seq, std::string_view node) {
  boost::json::array requests;
  requests.reserve(entries.size());
  for (const auto& entry : entries) requests.push_back(entry_json(*entry, node));
  return {{"enabled", journal.enabled()},
          {"capacity", journal.capacity()},
          {"last_seq", last_seq},
          {"requests", std::move(requests)}};
}

// This node's listing and those of the other nodes that answered, as one: the newest `limit` entries of all of
// them, newest first (by the time each ended; the nodes' clocks are assumed to agree as NTP keeps them).
http::Exchange::StringResponse merged_list_response(boost::json::object local,
                                                    const std::vector<Cluster::PeerAnswer>& answers,
                                                    std::size_t limit) {
  boost::json::array& requests = local["requests"].as_array();
  for (auto& entry : Cluster::answered_elements(answers, "requests")) requests.push_back(std::move(entry));
  const auto time_of = [](const boost::json::value& entry) -> std::string_view {
    const auto* time = entry.is_object() ? entry.as_object().if_contains("time") : nullptr;
    return time && time->is_string() ? std::string_view(time->get_string()) : std::string_view();
  };
  std::stable_sort(requests.begin(), requests.end(),
                   [&](const auto& a, const auto& b) { return time_of(a) > time_of(b); });
  if (requests.size() > limit) requests.resize(limit);
  return http::json_response(200, local);
}

http::Exchange::StringResponse cleared_response() {
  return http::json_response(200, boost::json::object{{"cleared", true}});
}

std::uint64_t number_param(std::string_view name, const std::string& value) {
  const auto number = core::text::parse_u64(value);
  if (!number) throw http::Refusal(kAdminBadRequest, std::string(name) + " must be a whole number");
  return *number;
}

// The filters the list and the stream share. `since` comes from the query, else (the stream's reconnection) from
// Last-Event-ID.
JournalFilter filter_from(const http::RequestHead& request) {
  JournalFilter filter;
  filter.dialect = request.query("dialect").value_or("");
  filter.endpoint = request.query("endpoint").value_or("");
  filter.code = request.query("code").value_or("");
  filter.caller = request.query("caller").value_or("");
  if (const auto status = request.query("status"); status && !status->empty()) {
    // "404", or a class: "4xx".
    const bool is_class = status->size() == 3 && (*status)[1] == 'x' && (*status)[2] == 'x';
    const auto number = core::text::parse_u64(is_class ? status->substr(0, 1) : *status);
    if (!number || status->size() != 3 || *number == 0) {
      throw http::Refusal(kAdminBadRequest, "status must be a status code (404) or a class (4xx)");
    }
    filter.status = static_cast<unsigned>(is_class ? *number * 100 : *number);
    filter.status_class = is_class;
  }
  if (const auto since = request.query("since"); since && !since->empty()) {
    filter.since = number_param("since", *since);
  } else if (const auto last = request.header("Last-Event-ID"); !last.empty()) {
    filter.since = number_param("Last-Event-ID", std::string(last));
  }
  return filter;
}

// `fallback` when absent; never more than the journal holds.
std::size_t limit_from(const http::RequestHead& request, const Journal& journal, std::size_t fallback) {
  const auto limit = request.query("limit");
  const std::size_t wanted = limit && !limit->empty() ? number_param("limit", *limit) : fallback;
  return std::min(wanted, journal.capacity());
}

// One event per entry, its seq as the event id (what a reconnecting client sends back as Last-Event-ID); then, if
// entries had to be dropped because the client read too slowly, a `gap` event saying how many and after which seq
// (the list call with since=<after> fetches what is still buffered).
std::string sse_events(const std::vector<JournalEntryPtr>& entries, std::uint64_t dropped, std::uint64_t& last_sent,
                       std::string_view node) {
  std::string out;
  for (const auto& entry : entries) {
    out += "id: " + std::to_string(entry->seq) + "\ndata: " + boost::json::serialize(entry_json(*entry, node)) + "\n\n";
    last_sent = entry->seq;
  }
  if (dropped > 0) {
    out +=
        "event: gap\ndata: " + boost::json::serialize(boost::json::object{{"dropped", dropped}, {"after", last_sent}}) +
        "\n\n";
  }
  return out;
}

http::bhttp::response_header<> stream_header() {
  http::bhttp::response_header<> header;
  header.result(http::bhttp::status::ok);
  header.set(http::bhttp::field::content_type, "text/event-stream; charset=utf-8");
  header.set(http::bhttp::field::cache_control, "no-cache");
  header.set("X-Accel-Buffering", "no");  // a proxy in front must pass events on as they come
  return header;
}

}  // namespace

JournalApi::JournalApi(Journal& journal, Cluster& cluster, std::string admin_token,
                       std::chrono::steady_clock::duration keep_alive)
    : journal_(journal), cluster_(cluster), admin_token_(std::move(admin_token)), keep_alive_(keep_alive) {}

void JournalApi::register_routes(http::Router& router) {
  const std::string base(kAdminApiBase);
  router.scope(http::filegate_envelope(), {base})
      .add(verb::get, base + "requests", "filegate.requests.list", [this](http::Exchange& e) { return list(e); })
      .add(verb::delete_, base + "requests", "filegate.requests.clear", [this](http::Exchange& e) { return clear(e); })
      .add(verb::get, base + "requests/stream", "filegate.requests.stream",
           [this](http::Exchange& e) { return stream(e); });
}

// Listing copies at most `limit` pointers under the journal's lock and serialises them outside it: cheap enough for
// the event loop.
http::awaitable<void> JournalApi::list(http::Exchange& exchange) {
  require_admin_token(exchange, admin_token_);
  const JournalFilter filter = filter_from(exchange.request());
  const std::size_t limit = limit_from(exchange.request(), journal_, kDefaultLimit);
  std::uint64_t last_seq = 0;
  const std::vector<JournalEntryPtr> entries = journal_.list(filter, limit, &last_seq);
  boost::json::object local = list_body(journal_, entries, last_seq, cluster_.node_id());
  if (Cluster::forwarded(exchange) != Cluster::Forwarded::no) {
    auto response = http::json_response(200, local);
    co_await exchange.respond(std::move(response));
    co_return;
  }
  std::string no_body;
  const std::vector<Cluster::PeerAnswer> answers = co_await cluster_.forward(exchange, std::move(no_body));
  auto response = merged_list_response(std::move(local), answers, limit);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> JournalApi::clear(http::Exchange& exchange) {
  require_admin_token(exchange, admin_token_);
  journal_.clear();
  if (Cluster::forwarded(exchange) == Cluster::Forwarded::no) {
    std::string no_body;
    const std::vector<Cluster::PeerAnswer> answers = co_await cluster_.forward(exchange, std::move(no_body));
  }
  auto response = cleared_response();
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> JournalApi::stream(http::Exchange& exchange) {
  require_admin_token(exchange, admin_token_);
  if (!journal_.enabled()) throw http::Refusal(kAdminNotFound, "the request journal is off (--journal-size 0)");
  const JournalFilter filter = filter_from(exchange.request());
  // Subscribed before the head goes out: a client that has the head misses no entry recorded after it.
  auto executor = co_await http::asio::this_coro::executor;
  Journal::Subscribed subscribed = journal_.subscribe(executor, filter, limit_from(exchange.request(), journal_, 0));
  JournalSubscription& subscription = *subscribed.subscription;
  auto header = stream_header();
  if (!co_await exchange.begin_stream(std::move(header))) co_return;
  std::uint64_t last_sent = filter.since;
  const std::string replay = sse_events(subscribed.replay, 0, last_sent, cluster_.node_id());
  subscribed.replay = {};
  if (!co_await exchange.write_chunk(replay)) co_return;

  // Returning from here (the client has gone, or the journal closed) drops the subscription: that unsubscribes.
  auto keep_alive_at = std::chrono::steady_clock::now() + keep_alive_;
  for (;;) {
    JournalSubscription::Batch batch = subscription.take();
    if (!batch.entries.empty() || batch.dropped > 0) {
      const std::string events = sse_events(batch.entries, batch.dropped, last_sent, cluster_.node_id());
      if (!co_await exchange.write_chunk(events)) co_return;
      keep_alive_at = std::chrono::steady_clock::now() + keep_alive_;
      continue;
    }
    if (batch.closed) break;
    if (std::chrono::steady_clock::now() >= keep_alive_at) {
      // A comment line: ignored by SSE clients; a write to a client that has gone fails here at the latest.
      if (!co_await exchange.write_chunk(": keep-alive\n\n")) co_return;
      keep_alive_at = std::chrono::steady_clock::now() + keep_alive_;
      continue;
    }
    // Nothing between take() and this wait suspends, so a wake-up posted meanwhile is not lost (journal.hpp).
    co_await subscription.wait(keep_alive_at);
  }
  co_await exchange.end_stream();
}

}  // namespace filegate::control
