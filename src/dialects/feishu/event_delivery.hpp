#pragma once
// Pushes events to apps' webhooks the way the open platform does: one POST per attempt (sealed and signed when the
// app has an Encrypt Key), delivered once a 2xx comes back within 3 s, otherwise retried on the subscription's
// schedule (the platform's: 15 s, 5 min, 1 h, 6 h), every retry with the same event. Each attempt is recorded
// where served requests are (Services::record_outbound: metrics, request journal, access log). Deliveries run on a
// thread of their own, started with the first one; those still waiting when filegate stops are dropped, as a
// platform outage would drop them.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "dialects/feishu/event_subscriptions.hpp"
#include "http/beast.hpp"
#include "http/client.hpp"
#include "http/server.hpp"

namespace filegate::dialects::feishu {

class EventDelivery {
 public:
  // `record_outbound` is read at each attempt (serve sets it once, before any event); it must outlive this.
  explicit EventDelivery(const http::AccessLog& record_outbound) : record_outbound_(record_outbound) {}
  ~EventDelivery();
  EventDelivery(const EventDelivery&) = delete;
  EventDelivery& operator=(const EventDelivery&) = delete;

  // Queues `event_json` (the plain event, schema 2.0) for `subscription`'s URL; returns at once.
  void send(const EventSubscription& subscription, std::string event_json);

  // The URL-verification handshake the console runs when a Request URL is saved: POSTs a challenge (sealed when
  // there is an Encrypt Key) and waits for the app to echo it. "" when it did, else what went wrong, for the admin.
  std::string verify_url(const EventSubscription& subscription) const;

  // What the platform allows an app to answer in.
  static constexpr std::chrono::milliseconds kAnswerTimeout{3000};

 private:
  http::awaitable<void> deliver(EventSubscription subscription, std::string event_json);
  // One POST of `plain_json` as the platform sends it to `subscription`, under the endpoint name `endpoint`.
  http::OutboundRequest request_for(const EventSubscription& subscription, const std::string& plain_json) const;
  void record(const EventSubscription& subscription, std::string_view endpoint, const http::OutboundRequest& request,
              const http::OutboundResponse& response) const;
  http::asio::io_context& running_context();

  const http::AccessLog& record_outbound_;
  std::mutex mutex_;  // guards starting the thread
  std::unique_ptr<http::asio::io_context> io_;
  std::unique_ptr<http::asio::executor_work_guard<http::asio::io_context::executor_type>> keep_running_;
  std::thread thread_;
};

}  // namespace filegate::dialects::feishu
