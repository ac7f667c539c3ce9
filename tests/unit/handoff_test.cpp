#include "core/handoff.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

using filegate::core::Handoff;

TEST(Handoff, RunsTheWorkOnceByTheTimeJoinReturns) {
  std::atomic<int> runs = 0;
  Handoff handoff([&] { ++runs; });
  handoff.join();
  EXPECT_EQ(runs.load(), 1);
}

TEST(Handoff, JoinRethrowsWhatTheWorkThrew) {
  Handoff handoff([] { throw std::invalid_argument("elsewhere"); });
  EXPECT_THROW(handoff.join(), std::invalid_argument);
}

TEST(Handoff, DestructorWaitsForTheWorkAndSwallowsItsError) {
  std::atomic<int> runs = 0;
  {
    Handoff handoff([&] {
      ++runs;
      throw std::runtime_error("nobody joined");
    });
  }
  EXPECT_EQ(runs.load(), 1);
}

// The caller keeps working while the handoff runs: its own work and the handed-off work both complete, in any order.
TEST(Handoff, CallerWorkAndHandedOffWorkBothComplete) {
  std::atomic<int> elsewhere = 0;
  int here = 0;
  Handoff handoff([&] { ++elsewhere; });
  ++here;
  handoff.join();
  EXPECT_EQ(here, 1);
  EXPECT_EQ(elsewhere.load(), 1);
}

// More callers than helpers: some handoffs run on their caller instead, but every one runs exactly once.
TEST(Handoff, EveryHandoffRunsExactlyOnceUnderContention) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 2000;
  std::vector<std::atomic<int>> runs(kThreads);
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        std::optional<Handoff> first, second;
        first.emplace([&] { runs[t]++; });
        second.emplace([&] { runs[t]++; });
        second->join();
        first->join();
      }
    });
  }
  for (auto& c : callers) c.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(runs[t].load(), 2 * kRounds);
}

// Writes that wait for a device run side by side on helpers of their own: four that each wait until all four have
// started complete, where running them one after another (or on the one compute helper of a 2-core machine) would
// leave each waiting for the others until the time-out.
TEST(Handoff, BlockingIoWorkRunsSideBySide) {
  constexpr int kWrites = 4;
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::atomic<int> saw_all = 0;
  auto write = [&] {
    std::unique_lock lock(mutex);
    ++started;
    all_started.notify_all();
    if (all_started.wait_for(lock, std::chrono::seconds(10), [&] { return started == kWrites; })) ++saw_all;
  };
  {
    std::vector<std::unique_ptr<Handoff>> writes;
    for (int i = 0; i < kWrites; ++i) {
      writes.push_back(std::make_unique<Handoff>(write, filegate::core::HelperPool::blocking_io));
    }
    for (auto& w : writes) w->join();
  }
  EXPECT_EQ(saw_all.load(), kWrites);
}
