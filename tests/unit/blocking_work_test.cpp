#include "http/blocking_work.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace filegate::http {
namespace {

// Runs `body` as a coroutine on a one-thread event loop until it finishes.
template <typename Body>
void run_on_loop(asio::io_context& loop, Body body) {
  asio::co_spawn(loop, std::move(body), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  loop.run();
}

TEST(RunBlocking, ReturnsTheResultOnTheCallersThread) {
  asio::io_context loop(1);
  std::thread::id worker, resumed;
  int result = 0;
  run_on_loop(loop, [&]() -> awaitable<void> {
    result = co_await run_blocking([&] {
      worker = std::this_thread::get_id();
      return 42;
    });
    resumed = std::this_thread::get_id();
  });
  EXPECT_EQ(result, 42);
  EXPECT_NE(worker, std::this_thread::get_id()) << "the work ran on the event loop's thread";
  EXPECT_EQ(resumed, std::this_thread::get_id()) << "the caller did not resume on its own loop";
}

TEST(RunBlocking, TheWorksExceptionReachesTheCaller) {
  asio::io_context loop(1);
  bool caught = false;
  run_on_loop(loop, [&]() -> awaitable<void> {
    try {
      co_await run_blocking([]() -> int { throw std::invalid_argument("disk on fire"); });
    } catch (const std::invalid_argument&) {
      caught = true;
    }
  });
  EXPECT_TRUE(caught);
}

// While the work blocks, the loop serves others: here the work waits for something only another coroutine on the
// same loop does. Had the work run on the loop, that coroutine could never run and the work would time out.
TEST(RunBlocking, TheEventLoopKeepsServingWhileTheWorkBlocks) {
  asio::io_context loop(1);
  std::atomic<bool> served = false;
  bool saw_it = false;
  asio::co_spawn(
      loop,
      [&]() -> awaitable<void> {
        saw_it = co_await run_blocking([&] {
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
          while (!served && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return served.load();
        });
      },
      asio::detached);
  asio::post(loop, [&] { served = true; });
  loop.run();
  EXPECT_TRUE(saw_it);
}

}  // namespace
}  // namespace filegate::http
