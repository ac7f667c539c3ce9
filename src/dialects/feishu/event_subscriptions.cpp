#include "dialects/feishu/event_subscriptions.hpp"

#include <algorithm>

#include "core/record_fields.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kSubscriptions = "feishu.event_subscription";  // keyed by app_id

struct SubscriptionRecord {
  std::string event_url;
  std::string verification_token;
  std::string encrypt_key;
  std::vector<std::string> event_types;
  std::vector<std::int64_t> retry_delays_ms;
};
BOOST_DESCRIBE_STRUCT(SubscriptionRecord, (),
                      (event_url, verification_token, encrypt_key, event_types, retry_delays_ms))

}  // namespace

bool EventSubscription::wants(std::string_view event_type) const {
  return !event_url.empty() && std::find(event_types.begin(), event_types.end(), event_type) != event_types.end();
}

const std::vector<std::int64_t>& EventSubscription::retry_schedule() const {
  return retry_delays_ms.empty() ? kPlatformRetryDelaysMs : retry_delays_ms;
}

void EventSubscriptions::put(const EventSubscription& s) {
  store_.metadata().commit(
      core::WriteBatch().put(kSubscriptions, s.app_id,
                             core::to_record(SubscriptionRecord{s.event_url, s.verification_token, s.encrypt_key,
                                                                s.event_types, s.retry_delays_ms})));
}

std::optional<EventSubscription> EventSubscriptions::find(const std::string& app_id) const {
  auto o = store_.metadata().record(kSubscriptions, app_id);
  if (!o) return std::nullopt;
  auto r = core::from_record<SubscriptionRecord>(*o);
  return EventSubscription{app_id,
                           std::move(r.event_url),
                           std::move(r.verification_token),
                           std::move(r.encrypt_key),
                           std::move(r.event_types),
                           std::move(r.retry_delays_ms)};
}

core::WriteBatch EventSubscriptions::erasure(const std::string& app_id) {
  return core::WriteBatch().erase(kSubscriptions, app_id);
}

}  // namespace filegate::dialects::feishu
