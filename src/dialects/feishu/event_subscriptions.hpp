#pragma once
// An app's event subscription, as its developer sets it in the open platform's console: where events go (the
// Request URL), the Verification Token put in every event, the optional Encrypt Key, and the event types it wants.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace filegate::dialects::feishu {

inline constexpr std::string_view kMessageReceiveEvent = "im.message.receive_v1";

struct EventSubscription {
  std::string app_id;
  std::string event_url = {};  // "" : no events are sent
  std::string verification_token = {};
  std::string encrypt_key = {};               // "" : events go out as plain JSON
  std::vector<std::string> event_types = {};  // e.g. {"im.message.receive_v1"}
  // Waits before each retry of an undelivered event; empty: the platform's own schedule (kPlatformRetryDelaysMs).
  std::vector<std::int64_t> retry_delays_ms = {};

  bool wants(std::string_view event_type) const;
  const std::vector<std::int64_t>& retry_schedule() const;
};

// The platform documents four retries after a failed push: 15 s, 5 min, 1 h and 6 h later.
inline const std::vector<std::int64_t> kPlatformRetryDelaysMs = {15'000, 300'000, 3'600'000, 21'600'000};

class EventSubscriptions {
 public:
  explicit EventSubscriptions(core::Store& store) : store_(store) {}

  void put(const EventSubscription& subscription);
  std::optional<EventSubscription> find(const std::string& app_id) const;
  // The write that forgets `app_id`'s subscription (with the app).
  static core::WriteBatch erasure(const std::string& app_id);

 private:
  core::Store& store_;
};

}  // namespace filegate::dialects::feishu
