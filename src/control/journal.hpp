#pragma once
// The request journal: the last N finished requests in a ring buffer, for GET /_filegate/api/v1/requests, and a feed
// of new ones for its server-sent-event stream. Requests end on every worker thread: one mutex guards the ring and
// the subscribers, and an entry's strings are built before it is taken. A subscriber never slows a worker down: it
// has a bounded queue, and when it falls too far behind, entries are dropped for it and the gap is reported.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/beast.hpp"
#include "http/server.hpp"

namespace filegate::control {

struct JournalEntry {
  std::uint64_t seq = 0;  // 1, 2, 3…: increases with every request recorded, never reused (not even by clear())
  std::chrono::system_clock::time_point time;  // when the request ended
  std::string request_id;                      // the exchange's log id (X-Request-Id / X-Tt-Logid …)
  std::string dialect;                         // "" when no route matched
  std::string endpoint;                        // "" when no route matched
  std::string method;
  std::string path;  // the target with its secrets redacted, cut at kMaxPathBytes
  unsigned status = 0;
  std::string code;  // the platform's error code; "" for a success
  double duration_ms = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::string caller;    // "" when the dialect authenticated nobody
  std::string fault_id;  // "" when no fault fired
  // The request's header fields and the response's status line and fields, one "Name: value\n" line each, with
  // credentials redacted (head_redaction.hpp); "" when there were none (no response went out).
  std::string request_head;
  std::string response_head;

  // Bound each entry's memory: a target and a head may each be as long as the request head limit.
  static constexpr std::size_t kMaxPathBytes = 1024;
  static constexpr std::size_t kMaxHeadBytes = 2048;
};
using JournalEntryPtr = std::shared_ptr<const JournalEntry>;  // shared by the ring and every subscriber's queue

// Which entries a listing or a stream wants; empty or unset members match everything.
struct JournalFilter {
  std::string dialect;
  std::string endpoint;
  std::string code;
  std::string caller;
  // An exact status (404), or a class: 400 with status_class set matches 400–499.
  std::optional<unsigned> status;
  bool status_class = false;
  std::uint64_t since = 0;  // only entries whose seq is above this

  bool matches(const JournalEntry& entry) const;
};

// One consumer of new entries (an SSE stream). Waiting happens on the executor given to Journal::subscribe: the
// journal wakes it by a post there, so recording never waits for the subscriber.
class JournalSubscription {
 public:
  struct Batch {
    std::vector<JournalEntryPtr> entries;  // oldest first
    std::uint64_t dropped = 0;             // entries lost since the last batch because the queue was full
    bool closed = false;                   // the journal was closed: nothing more will come
  };

  JournalSubscription(const http::asio::any_io_executor& executor, JournalFilter filter, std::size_t max_queue);

  // Returns once entries may be queued (take() tells), the journal is closed, or `deadline` passed. Call on the
  // subscription's executor, from one coroutine at a time, after a take() found nothing: a wake-up posted between
  // that take() and this wait cannot be missed, since it runs on the same executor.
  http::awaitable<void> wait(std::chrono::steady_clock::time_point deadline);
  // Everything queued since the last call.
  Batch take();

 private:
  friend class Journal;
  // Called with the journal's mutex held; true when the subscriber must be woken (once per batch).
  bool offer(const JournalEntryPtr& entry);
  bool close();
  // Posts the wake-up to the subscriber's executor; called without the journal's mutex.
  static void wake(std::shared_ptr<JournalSubscription> subscription);

  const JournalFilter filter_;
  const std::size_t max_queue_;
  http::asio::steady_timer timer_;  // only touched on its executor: cancelled to wake the waiting coroutine
  std::mutex mutex_;                // guards what follows: offer() runs on workers, take() on the subscriber
  std::deque<JournalEntryPtr> queue_;
  std::uint64_t dropped_ = 0;
  bool closed_ = false;
  bool wake_pending_ = false;
};

class Journal {
 public:
  // `capacity` entries are kept; 0 turns the journal off (record() does nothing, subscriptions start closed).
  explicit Journal(std::size_t capacity);

  bool enabled() const { return capacity_ > 0; }
  std::size_t capacity() const { return capacity_; }

  // Keeps one finished request: the server's per-request observer calls it (on any worker thread).
  void record(const http::AccessLogEntry& request);
  // The newest `limit` entries that match, newest first; and into `last_seq`, when given, last_seq() of the same
  // moment (requests end on other threads meanwhile: read apart, the two could disagree).
  std::vector<JournalEntryPtr> list(const JournalFilter& filter, std::size_t limit,
                                    std::uint64_t* last_seq = nullptr) const;
  // Forgets every entry; sequence numbers go on from where they were.
  void clear();
  // The seq of the last entry recorded (0 before the first).
  std::uint64_t last_seq() const;

  struct Subscribed {
    std::shared_ptr<JournalSubscription> subscription;
    std::vector<JournalEntryPtr> replay;  // buffered entries to send first, oldest first
  };
  // A new subscriber to matching entries recorded from now on. `replay`: the buffered entries it wants first —
  // those above filter.since when that is set, else the newest `replay_newest` (0: none). Taken under the same lock as
  // the registration, so nothing falls between the replay and the live entries. The journal holds the subscription
  // weakly: dropping the returned pointer unsubscribes.
  Subscribed subscribe(const http::asio::any_io_executor& executor, const JournalFilter& filter,
                       std::size_t replay_newest, std::size_t max_queue = kDefaultSubscriberQueue);
  // Ends every subscription (their streams end) and every later one: called when the server stops.
  void close();

  static constexpr std::size_t kDefaultSubscriberQueue = 4096;

 private:
  // Walks the ring from the newest entry back; `visit` returns false to stop. Called with mutex_ held.
  template <typename Visit>
  void newest_first(Visit visit) const;

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<JournalEntryPtr> ring_;  // capacity_ slots; next_ is where the next entry goes
  std::size_t next_ = 0;
  std::size_t size_ = 0;
  std::uint64_t last_seq_ = 0;
  bool closed_ = false;
  std::vector<std::weak_ptr<JournalSubscription>> subscribers_;
};

}  // namespace filegate::control
