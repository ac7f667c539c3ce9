#include "dialects/feishu/event_delivery.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include "core/random_ids.hpp"
#include "dialects/feishu/event_crypto.hpp"
#include "http/redact.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kDeliverEndpoint = "feishu.event.deliver";
constexpr std::string_view kVerifyEndpoint = "feishu.event.url_verification";

bool delivered(const http::OutboundResponse& response) { return response.status >= 200 && response.status < 300; }

std::string sealed_body(const std::string& plain_json, const std::string& encrypt_key) {
  if (encrypt_key.empty()) return plain_json;
  return boost::json::serialize(boost::json::object{{"encrypt", encrypt_event(plain_json, encrypt_key)}});
}

std::string challenge_json(const std::string& challenge, const std::string& token) {
  return boost::json::serialize(
      boost::json::object{{"challenge", challenge}, {"token", token}, {"type", "url_verification"}});
}

// The challenge the app echoed, from its answer (plain JSON, as every SDK answers it); "" when there is none.
std::string echoed_challenge(const std::string& body) {
  boost::system::error_code error;
  const boost::json::value answer = boost::json::parse(body, error);
  const auto* object = error ? nullptr : answer.if_object();
  const auto* challenge = object ? object->if_contains("challenge") : nullptr;
  return challenge && challenge->is_string() ? std::string(challenge->get_string()) : std::string();
}

std::string seconds_now() {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

EventDelivery::~EventDelivery() {
  if (!io_) return;
  keep_running_.reset();
  io_->stop();
  thread_.join();
}

http::asio::io_context& EventDelivery::running_context() {
  const std::lock_guard lock(mutex_);
  if (!io_) {
    io_ = std::make_unique<http::asio::io_context>(1);
    keep_running_ =
        std::make_unique<http::asio::executor_work_guard<http::asio::io_context::executor_type>>(io_->get_executor());
    thread_ = std::thread([this] { io_->run(); });
  }
  return *io_;
}

void EventDelivery::send(const EventSubscription& subscription, std::string event_json) {
  http::asio::co_spawn(running_context(), deliver(subscription, std::move(event_json)), http::asio::detached);
}

http::awaitable<void> EventDelivery::deliver(EventSubscription subscription, std::string event_json) {
  const auto& retries = subscription.retry_schedule();
  for (std::size_t attempt = 0; attempt <= retries.size(); ++attempt) {
    if (attempt > 0) {
      http::asio::steady_timer wait(co_await http::asio::this_coro::executor,
                                    std::chrono::milliseconds(retries[attempt - 1]));
      co_await wait.async_wait(http::asio::use_awaitable);
    }
    http::OutboundRequest request = request_for(subscription, event_json);
    const http::OutboundResponse response = co_await http::send(request);
    record(subscription, kDeliverEndpoint, request, response);
    if (delivered(response)) co_return;
  }
}

std::string EventDelivery::verify_url(const EventSubscription& subscription) const {
  const std::string challenge = core::random_alphanumeric(24);
  const http::OutboundRequest request =
      request_for(subscription, challenge_json(challenge, subscription.verification_token));
  const http::OutboundResponse response = http::send_blocking(request);
  record(subscription, kVerifyEndpoint, request, response);
  if (!response.error.empty()) return "the event URL could not be reached: " + response.error;
  if (response.status != 200) return "the event URL answered HTTP " + std::to_string(response.status);
  if (echoed_challenge(response.body) != challenge) return "the event URL did not echo the challenge";
  return {};
}

http::OutboundRequest EventDelivery::request_for(const EventSubscription& subscription,
                                                 const std::string& plain_json) const {
  http::OutboundRequest request;
  request.url = subscription.event_url;
  request.timeout = kAnswerTimeout;
  request.body = sealed_body(plain_json, subscription.encrypt_key);
  const std::string request_id = core::random_hex(16);
  request.headers = {
      {"Content-Type", "application/json; charset=utf-8"}, {"X-Request-Id", request_id}, {"X-Tt-Logid", request_id}};
  // Signed whenever there is a key to sign with: the SDK's dispatcher checks every request once it has one.
  if (!subscription.encrypt_key.empty()) {
    const std::string timestamp = seconds_now();
    const std::string nonce = core::random_alphanumeric(16);
    request.headers.emplace_back("X-Lark-Request-Timestamp", timestamp);
    request.headers.emplace_back("X-Lark-Request-Nonce", nonce);
    request.headers.emplace_back("X-Lark-Signature",
                                 event_signature(timestamp, nonce, subscription.encrypt_key, request.body));
  }
  return request;
}

void EventDelivery::record(const EventSubscription& subscription, std::string_view endpoint,
                           const http::OutboundRequest& request, const http::OutboundResponse& response) const {
  if (!record_outbound_) return;
  const auto url = boost::urls::parse_absolute_uri(request.url);
  const std::string remote = url ? std::string(url->encoded_host_and_port()) : std::string();
  const std::string target =
      url ? http::redact_target(std::string(url->encoded_resource())) : std::string("(not an http:// URL)");
  std::string request_id;
  for (const auto& [name, value] : request.headers) {
    if (name == "X-Request-Id") request_id = value;
  }
  http::AccessLogEntry entry{};
  entry.remote = remote;
  entry.method = "POST";
  entry.target = target;
  entry.protocol = "HTTP/1.1";
  entry.dialect = "feishu";
  entry.endpoint = endpoint;
  entry.caller = subscription.app_id;
  entry.user_agent = "filegate";
  entry.status = response.status;
  entry.platform_code = response.error;
  entry.bytes_received = response.body.size();
  entry.bytes_sent = request.body.size();
  entry.duration_ms = response.duration_ms;
  entry.log_id = request_id;
  record_outbound_(entry);
}

}  // namespace filegate::dialects::feishu
