#include "control/journal.hpp"

#include <algorithm>

#include "control/head_redaction.hpp"

namespace filegate::control {
namespace {

constexpr auto as_tuple_awaitable = http::asio::as_tuple(http::asio::use_awaitable);

bool same_or_any(const std::string& wanted, const std::string& value) { return wanted.empty() || wanted == value; }

// The entry's own strings, built before the journal's lock is taken.
std::shared_ptr<JournalEntry> make_entry(const http::AccessLogEntry& request) {
  auto entry = std::make_shared<JournalEntry>();
  entry->time = std::chrono::system_clock::now();
  entry->request_id = request.log_id;
  entry->dialect = request.dialect;
  entry->endpoint = request.endpoint;
  entry->method = request.method;
  entry->path = request.target.substr(0, JournalEntry::kMaxPathBytes);
  entry->status = request.status;
  entry->code = request.platform_code;
  entry->duration_ms = request.duration_ms;
  entry->bytes_in = request.bytes_received;
  entry->bytes_out = request.bytes_sent;
  entry->caller = request.caller;
  entry->fault_id = request.fault_id;
  if (request.request_fields) {
    entry->request_head = redacted_request_fields(*request.request_fields, JournalEntry::kMaxHeadBytes);
  }
  entry->response_head = redacted_response_head(request.response_head, JournalEntry::kMaxHeadBytes);
  return entry;
}

}  // namespace

bool JournalFilter::matches(const JournalEntry& entry) const {
  if (entry.seq <= since) return false;
  if (status) {
    if (status_class ? entry.status / 100 != *status / 100 : entry.status != *status) return false;
  }
  return same_or_any(dialect, entry.dialect) && same_or_any(endpoint, entry.endpoint) &&
         same_or_any(code, entry.code) && same_or_any(caller, entry.caller);
}

JournalSubscription::JournalSubscription(const http::asio::any_io_executor& executor, JournalFilter filter,
                                         std::size_t max_queue)
    : filter_(std::move(filter)), max_queue_(max_queue), timer_(executor) {}

http::awaitable<void> JournalSubscription::wait(std::chrono::steady_clock::time_point deadline) {
  timer_.expires_at(deadline);
  // Either the deadline passes or wake() cancels the wait: both just return, and take() says what there is.
  co_await timer_.async_wait(as_tuple_awaitable);
}

JournalSubscription::Batch JournalSubscription::take() {
  Batch batch;
  std::lock_guard lock(mutex_);
  batch.entries.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  batch.dropped = std::exchange(dropped_, 0);
  batch.closed = closed_;
  wake_pending_ = false;
  return batch;
}

bool JournalSubscription::offer(const JournalEntryPtr& entry) {
  if (!filter_.matches(*entry)) return false;
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  if (queue_.size() < max_queue_) {
    queue_.push_back(entry);
  } else {
    ++dropped_;  // the subscriber is too slow: it learns of the gap with its next batch
  }
  return !std::exchange(wake_pending_, true);
}

bool JournalSubscription::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  return !std::exchange(wake_pending_, true);
}

void JournalSubscription::wake(std::shared_ptr<JournalSubscription> subscription) {
  // The timer belongs to the subscriber's executor: it is cancelled there, never from the recording thread. The
  // handler holds the subscription, so the timer outlives it even if the stream has ended meanwhile.
  auto& timer = subscription->timer_;
  http::asio::post(timer.get_executor(), [subscription = std::move(subscription)] { subscription->timer_.cancel(); });
}

Journal::Journal(std::size_t capacity) : capacity_(capacity), ring_(capacity) {}

template <typename Visit>
void Journal::newest_first(Visit visit) const {
  for (std::size_t i = 0; i < size_; ++i) {
    const std::size_t slot = (next_ + capacity_ - 1 - i) % capacity_;
    if (!visit(ring_[slot])) return;
  }
}

void Journal::record(const http::AccessLogEntry& request) {
  if (capacity_ == 0) return;
  std::shared_ptr<JournalEntry> entry = make_entry(request);
  // The subscribers to wake, gathered under the lock and woken after it; reused, so a request allocates nothing here.
  thread_local std::vector<std::shared_ptr<JournalSubscription>> to_wake;
  JournalEntryPtr evicted;  // the oldest entry, freed after the lock is released
  {
    std::lock_guard lock(mutex_);
    entry->seq = ++last_seq_;
    JournalEntryPtr shared = std::move(entry);
    evicted = std::exchange(ring_[next_], shared);
    next_ = (next_ + 1) % capacity_;
    size_ = std::min(size_ + 1, capacity_);
    if (!subscribers_.empty()) {
      std::erase_if(subscribers_, [&](const std::weak_ptr<JournalSubscription>& weak) {
        auto subscription = weak.lock();
        if (!subscription) return true;  // its stream has ended
        if (subscription->offer(shared)) to_wake.push_back(std::move(subscription));
        return false;
      });
    }
  }
  for (auto& subscription : to_wake) JournalSubscription::wake(std::move(subscription));
  to_wake.clear();
}

std::vector<JournalEntryPtr> Journal::list(const JournalFilter& filter, std::size_t limit,
                                           std::uint64_t* last_seq) const {
  std::vector<JournalEntryPtr> out;
  std::lock_guard lock(mutex_);
  if (last_seq) *last_seq = last_seq_;
  if (limit == 0) return out;
  newest_first([&](const JournalEntryPtr& entry) {
    // Sequence numbers grow towards the newest entry: below `since` nothing older can match.
    if (entry->seq <= filter.since) return false;
    if (filter.matches(*entry)) out.push_back(entry);
    return out.size() < limit;
  });
  return out;
}

void Journal::clear() {
  std::vector<JournalEntryPtr> forgotten(capacity_);
  {
    std::lock_guard lock(mutex_);
    ring_.swap(forgotten);  // the entries are freed after the lock is released
    next_ = 0;
    size_ = 0;
  }
}

std::uint64_t Journal::last_seq() const {
  std::lock_guard lock(mutex_);
  return last_seq_;
}

Journal::Subscribed Journal::subscribe(const http::asio::any_io_executor& executor, const JournalFilter& filter,
                                       std::size_t replay_newest, std::size_t max_queue) {
  // Live entries are all newer than the replay: `since` only bounds the replay (a Last-Event-ID from an earlier
  // run of the server may be above every seq of this one).
  JournalFilter live = filter;
  live.since = 0;
  Subscribed out;
  out.subscription = std::make_shared<JournalSubscription>(executor, std::move(live), max_queue);
  const std::size_t wanted = filter.since > 0 ? capacity_ : replay_newest;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || capacity_ == 0) {
      out.subscription->close();
      return out;
    }
    if (wanted > 0) {
      newest_first([&](const JournalEntryPtr& entry) {
        if (entry->seq <= filter.since) return false;
        if (filter.matches(*entry)) out.replay.push_back(entry);
        return out.replay.size() < wanted;
      });
    }
    subscribers_.push_back(out.subscription);
  }
  std::reverse(out.replay.begin(), out.replay.end());
  return out;
}

void Journal::close() {
  std::vector<std::shared_ptr<JournalSubscription>> to_wake;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& weak : subscribers_) {
      if (auto subscription = weak.lock(); subscription && subscription->close()) {
        to_wake.push_back(std::move(subscription));
      }
    }
    subscribers_.clear();
  }
  for (auto& subscription : to_wake) JournalSubscription::wake(std::move(subscription));
}

}  // namespace filegate::control
