#include "core/fork_join.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using filegate::core::fork_join;

TEST(ForkJoin, RunsBothPiecesOnceBeforeReturning) {
  int here = 0;
  std::atomic<int> elsewhere = 0;
  fork_join([&] { ++here; }, [&] { ++elsewhere; });
  EXPECT_EQ(here, 1);
  EXPECT_EQ(elsewhere.load(), 1);
}

TEST(ForkJoin, RethrowsWhatEitherPieceThrew) {
  EXPECT_THROW(fork_join([] { throw std::runtime_error("here"); }, [] {}), std::runtime_error);
  EXPECT_THROW(fork_join([] {}, [] { throw std::invalid_argument("elsewhere"); }), std::invalid_argument);
  try {
    fork_join([] { throw std::runtime_error("here"); }, [] { throw std::invalid_argument("elsewhere"); });
    FAIL() << "nothing was thrown";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "here") << "the caller's own error comes first";
  }
}

// More callers than helpers: some pieces run on the caller instead, but every piece runs exactly once.
TEST(ForkJoin, EveryPieceRunsExactlyOnceUnderContention) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 2000;
  std::vector<std::atomic<int>> here_runs(kThreads), elsewhere_runs(kThreads);
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        fork_join([&] { here_runs[t]++; }, [&] { elsewhere_runs[t]++; });
      }
    });
  }
  for (auto& c : callers) c.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(here_runs[t].load(), kRounds);
    EXPECT_EQ(elsewhere_runs[t].load(), kRounds);
  }
}
