// The request journal's ring buffer and its subscribers (control/journal.hpp).
#include "control/journal.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace {

using filegate::control::Journal;
using filegate::control::JournalEntryPtr;
using filegate::control::JournalFilter;
using filegate::control::JournalSubscription;
namespace asio = filegate::http::asio;

// A request and a filter with only the named members set: designated initialisers would trip g++ 12's
// -Wmissing-field-initializers.
struct Req {
  std::string endpoint_ = "feishu.im.file.get";
  unsigned status_ = 200;
  std::string code_;
  std::string caller_ = "cli_a";
  std::string target_ = "/open-apis/im/v1/files/f";
  std::string fault_;
  filegate::http::bhttp::fields fields_;
  std::string response_head_;
  Req& endpoint(std::string v) { return endpoint_ = std::move(v), *this; }
  Req& status(unsigned v) { return status_ = v, *this; }
  Req& code(std::string v) { return code_ = std::move(v), *this; }
  Req& caller(std::string v) { return caller_ = std::move(v), *this; }
  Req& target(std::string v) { return target_ = std::move(v), *this; }
  Req& fault(std::string v) { return fault_ = std::move(v), *this; }
  Req& field(std::string_view name, std::string_view value) { return fields_.insert(name, value), *this; }
  Req& response_head(std::string v) { return response_head_ = std::move(v), *this; }
};

struct Where {
  JournalFilter filter;
  Where& dialect(std::string v) { return filter.dialect = std::move(v), *this; }
  Where& endpoint(std::string v) { return filter.endpoint = std::move(v), *this; }
  Where& code(std::string v) { return filter.code = std::move(v), *this; }
  Where& caller(std::string v) { return filter.caller = std::move(v), *this; }
  Where& status(unsigned v) { return filter.status = v, *this; }
  Where& status_class(bool v) { return filter.status_class = v, *this; }
  Where& since(std::uint64_t v) { return filter.since = v, *this; }
  operator const JournalFilter&() const { return filter; }  // NOLINT: implicit, for brevity at the call sites
};

void record(Journal& journal, const Req& r) {
  const std::string_view endpoint = r.endpoint_;
  const filegate::http::AccessLogEntry entry{"127.0.0.1:5000",
                                             "GET",
                                             r.target_,
                                             "HTTP/1.1",
                                             endpoint.substr(0, endpoint.find('.')),
                                             endpoint,
                                             r.caller_,
                                             "test",
                                             r.status_,
                                             r.code_,
                                             3,
                                             7,
                                             1.5,
                                             "LOGID",
                                             r.fault_,
                                             &r.fields_,
                                             r.response_head_};
  journal.record(entry);
}

std::vector<std::uint64_t> seqs(const std::vector<JournalEntryPtr>& entries) {
  std::vector<std::uint64_t> out;
  out.reserve(entries.size());
  for (const auto& entry : entries) out.push_back(entry->seq);
  return out;
}

TEST(Journal, KeepsEveryFieldOfARequest) {
  Journal journal(10);
  record(journal, Req()
                      .endpoint("smh.file.upload")
                      .status(403)
                      .code("InvalidSignature")
                      .caller("lib1")
                      .target("/api/v1/x?access_token=***")
                      .fault("fault-1"));
  const auto entries = journal.list({}, 10);
  ASSERT_EQ(entries.size(), 1u);
  const auto& e = *entries[0];
  EXPECT_EQ(e.seq, 1u);
  EXPECT_EQ(e.dialect, "smh");
  EXPECT_EQ(e.endpoint, "smh.file.upload");
  EXPECT_EQ(e.method, "GET");
  EXPECT_EQ(e.path, "/api/v1/x?access_token=***");
  EXPECT_EQ(e.status, 403u);
  EXPECT_EQ(e.code, "InvalidSignature");
  EXPECT_EQ(e.caller, "lib1");
  EXPECT_EQ(e.fault_id, "fault-1");
  EXPECT_EQ(e.request_id, "LOGID");
  EXPECT_EQ(e.bytes_in, 3u);
  EXPECT_EQ(e.bytes_out, 7u);
  EXPECT_DOUBLE_EQ(e.duration_ms, 1.5);
  EXPECT_LE(e.time, std::chrono::system_clock::now());
  EXPECT_EQ(journal.last_seq(), 1u);
}

TEST(Journal, KeepsBothHeadsWithCredentialsRedacted) {
  Journal journal(10);
  record(journal, Req()
                      .field("Host", "127.0.0.1")
                      .field("Authorization", "Bearer t-secret")
                      .response_head("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n"));
  record(journal, Req());  // no response went out
  const auto entries = journal.list({}, 10);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1]->request_head, "Host: 127.0.0.1\nAuthorization: Bearer ***\n");
  EXPECT_EQ(entries[1]->response_head, "HTTP/1.1 200 OK\nContent-Length: 7\n");
  EXPECT_EQ(entries[0]->response_head, "");
}

TEST(Journal, CutsLongPaths) {
  Journal journal(2);
  record(journal, Req().target("/" + std::string(5000, 'a')));
  EXPECT_EQ(journal.list({}, 1)[0]->path.size(), filegate::control::JournalEntry::kMaxPathBytes);
}

TEST(Journal, WrapsAroundKeepingTheNewest) {
  Journal journal(3);
  for (int i = 0; i < 7; ++i) record(journal, Req());
  EXPECT_EQ(seqs(journal.list({}, 100)), (std::vector<std::uint64_t>{7, 6, 5}));
  EXPECT_EQ(journal.last_seq(), 7u);
}

// The admin API answers a listing with last_seq beside the entries: while other threads record, both must come from
// one moment (read apart, the newest entry listed was sometimes older than last_seq).
TEST(Journal, AListingAndItsLastSeqAreOneSnapshot) {
  Journal journal(100);
  std::atomic<bool> done{false};
  std::thread recorder([&] {
    while (!done) record(journal, Req());
  });
  while (journal.last_seq() == 0) std::this_thread::yield();
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t last_seq = 0;
    const auto entries = journal.list({}, 1, &last_seq);
    if (!entries.empty()) {
      ASSERT_EQ(entries[0]->seq, last_seq) << "listing " << i;
    }
  }
  done = true;
  recorder.join();
}

TEST(Journal, ListsNewestFirstUpToTheLimit) {
  Journal journal(100);
  for (int i = 0; i < 5; ++i) record(journal, Req());
  EXPECT_EQ(seqs(journal.list({}, 2)), (std::vector<std::uint64_t>{5, 4}));
  EXPECT_TRUE(journal.list({}, 0).empty());
}

TEST(Journal, Filters) {
  Journal journal(100);
  record(journal, Req().endpoint("feishu.im.file.get").status(200).caller("cli_a"));                 // 1
  record(journal, Req().endpoint("feishu.im.file.get").status(400).code("234003").caller("cli_b"));  // 2
  record(journal, Req().endpoint("coze.files.upload").status(401).code("4100").caller(""));          // 3
  record(journal, Req().endpoint("smh.file.download").status(404).code("NoSuchKey").caller("lib"));  // 4
  record(journal, Req().endpoint("feishu.drive.upload_all").status(500).caller("cli_a"));            // 5

  EXPECT_EQ(seqs(journal.list(Where().dialect("feishu"), 100)), (std::vector<std::uint64_t>{5, 2, 1}));
  EXPECT_EQ(seqs(journal.list(Where().endpoint("feishu.im.file.get"), 100)), (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(seqs(journal.list(Where().code("4100"), 100)), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(seqs(journal.list(Where().caller("cli_a"), 100)), (std::vector<std::uint64_t>{5, 1}));
  EXPECT_EQ(seqs(journal.list(Where().status(404), 100)), (std::vector<std::uint64_t>{4}));
  EXPECT_EQ(seqs(journal.list(Where().status(400).status_class(true), 100)), (std::vector<std::uint64_t>{4, 3, 2}));
  EXPECT_EQ(seqs(journal.list(Where().dialect("feishu").status(400).status_class(true), 100)),
            (std::vector<std::uint64_t>{2}));
  // The limit counts matching entries, not entries looked at.
  EXPECT_EQ(seqs(journal.list(Where().dialect("feishu"), 2)), (std::vector<std::uint64_t>{5, 2}));
  EXPECT_TRUE(journal.list(Where().dialect("dingtalk"), 100).empty());
}

TEST(Journal, SinceIsExclusive) {
  Journal journal(100);
  for (int i = 0; i < 5; ++i) record(journal, Req());
  EXPECT_EQ(seqs(journal.list(Where().since(3), 100)), (std::vector<std::uint64_t>{5, 4}));
  EXPECT_TRUE(journal.list(Where().since(5), 100).empty());
  EXPECT_TRUE(journal.list(Where().since(99), 100).empty());
}

TEST(Journal, ClearForgetsEntriesButNotTheSequence) {
  Journal journal(3);
  for (int i = 0; i < 4; ++i) record(journal, Req());
  journal.clear();
  EXPECT_TRUE(journal.list({}, 100).empty());
  record(journal, Req());
  EXPECT_EQ(seqs(journal.list({}, 100)), (std::vector<std::uint64_t>{5}));
}

TEST(Journal, SizeZeroIsOff) {
  Journal journal(0);
  EXPECT_FALSE(journal.enabled());
  record(journal, Req());
  EXPECT_TRUE(journal.list({}, 100).empty());
  EXPECT_EQ(journal.last_seq(), 0u);
  asio::io_context io;
  auto subscribed = journal.subscribe(io.get_executor(), {}, 10);
  EXPECT_TRUE(subscribed.subscription->take().closed);
}

TEST(Journal, RecordsFromManyThreads) {
  Journal journal(100000);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) record(journal, Req());
    });
  }
  for (auto& t : threads) t.join();
  const auto entries = journal.list({}, 100000);
  ASSERT_EQ(entries.size(), 8000u);
  const auto all = seqs(entries);
  EXPECT_EQ(std::set<std::uint64_t>(all.begin(), all.end()).size(), 8000u);
  EXPECT_EQ(all.front(), 8000u);
  EXPECT_EQ(all.back(), 1u);
}

// A subscriber waiting on its own io_context gets what other threads record, oldest first.
TEST(Journal, SubscriberGetsNewEntries) {
  Journal journal(100);
  record(journal, Req());  // before the subscription: not delivered without a replay
  asio::io_context io;
  auto subscribed = journal.subscribe(io.get_executor(), Where().dialect("coze"), 0);
  EXPECT_TRUE(subscribed.replay.empty());
  std::vector<std::uint64_t> got;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto& subscription = *subscribed.subscription;
        while (got.size() < 3) {
          auto batch = subscription.take();
          for (const auto& entry : batch.entries) got.push_back(entry->seq);
          EXPECT_EQ(batch.dropped, 0u);
          if (batch.entries.empty())
            co_await subscription.wait(std::chrono::steady_clock::now() + std::chrono::seconds(30));
        }
      },
      asio::detached);
  std::thread recorder([&] {
    for (int i = 0; i < 3; ++i) {
      record(journal, Req().endpoint("feishu.im.file.get"));
      record(journal, Req().endpoint("coze.files.upload"));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto started = std::chrono::steady_clock::now();
  io.run_for(std::chrono::seconds(10));
  recorder.join();
  EXPECT_EQ(got, (std::vector<std::uint64_t>{3, 5, 7}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10)) << "the subscriber was not woken";
}

TEST(Journal, SlowSubscriberGetsAGapInsteadOfBlockingTheRecorder) {
  Journal journal(100);
  asio::io_context io;  // never run: the subscriber reads nothing meanwhile
  auto subscribed = journal.subscribe(io.get_executor(), {}, 0, 2);
  for (int i = 0; i < 5; ++i) record(journal, Req());
  auto batch = subscribed.subscription->take();
  EXPECT_EQ(seqs(batch.entries), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(batch.dropped, 3u);
  // Once read, the queue takes entries again, and the gap is reported once.
  record(journal, Req());
  batch = subscribed.subscription->take();
  EXPECT_EQ(seqs(batch.entries), (std::vector<std::uint64_t>{6}));
  EXPECT_EQ(batch.dropped, 0u);
  // Everything stays in the ring buffer regardless.
  EXPECT_EQ(journal.list({}, 100).size(), 6u);
}

TEST(Journal, ReplaysBufferedEntriesFirst) {
  Journal journal(100);
  for (int i = 0; i < 5; ++i) record(journal, Req().status(i % 2 == 0 ? 200u : 500u));  // 500: 2 and 4
  asio::io_context io;
  // After a seq (Last-Event-ID): everything newer that matches, oldest first.
  EXPECT_EQ(seqs(journal.subscribe(io.get_executor(), Where().since(2), 0).replay),
            (std::vector<std::uint64_t>{3, 4, 5}));
  EXPECT_EQ(seqs(journal.subscribe(io.get_executor(), Where().status(500).since(1), 0).replay),
            (std::vector<std::uint64_t>{2, 4}));
  // Without one: the newest N.
  EXPECT_EQ(seqs(journal.subscribe(io.get_executor(), {}, 2).replay), (std::vector<std::uint64_t>{4, 5}));
  // A since from an earlier run, above every seq: no replay, but live entries still come.
  auto subscribed = journal.subscribe(io.get_executor(), Where().since(1000), 0);
  EXPECT_TRUE(subscribed.replay.empty());
  record(journal, Req());
  EXPECT_EQ(seqs(subscribed.subscription->take().entries), (std::vector<std::uint64_t>{6}));
}

TEST(Journal, CloseEndsWaitingSubscribersAndLaterOnes) {
  Journal journal(100);
  asio::io_context io;
  auto subscribed = journal.subscribe(io.get_executor(), {}, 0);
  bool ended = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (;;) {
          auto batch = subscribed.subscription->take();
          if (batch.closed) break;
          co_await subscribed.subscription->wait(std::chrono::steady_clock::now() + std::chrono::hours(1));
        }
        ended = true;
      },
      asio::detached);
  io.poll();
  EXPECT_FALSE(ended);
  journal.close();
  io.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(ended);
  EXPECT_TRUE(journal.subscribe(io.get_executor(), {}, 0).subscription->take().closed);
}

TEST(Journal, DroppingASubscriptionUnsubscribes) {
  Journal journal(100);
  asio::io_context io;
  std::weak_ptr<JournalSubscription> weak;
  {
    auto subscribed = journal.subscribe(io.get_executor(), {}, 0);
    weak = subscribed.subscription;
  }
  EXPECT_TRUE(weak.expired()) << "the journal holds its subscribers weakly";
  record(journal, Req());  // must not touch the gone subscriber
  EXPECT_EQ(journal.list({}, 100).size(), 1u);
}

}  // namespace
