#pragma once
// Work that would stall an event loop (assembling a multipart upload reads and writes gigabytes) runs on threads
// kept for it, while the connection's coroutine waits; every other connection on that loop goes on being served.
//
// So does the last step of every upload, once its body is in: sealing the stage (fsync), publishing it (rename,
// directory fsync) or keeping it as a part, and committing its records (SQLite's WAL, fsynced) all wait for the disk.
// They stay one synchronous call, in that order, so an answered upload survives a crash and a half-written one is
// never visible; only the thread they run on changes.
#include <type_traits>

#include "http/beast.hpp"

namespace filegate::http {

// The executor of the blocking-work threads (one per core).
asio::thread_pool::executor_type blocking_executor();

// Runs `work()` on a blocking-work thread and resumes the caller on its own executor with the result, or with the
// exception `work` threw. `work` may refer to the caller's locals: the caller is suspended until it has run.
template <typename Work>
awaitable<std::invoke_result_t<Work&>> run_blocking(Work work) {
  using Result = std::invoke_result_t<Work&>;
  if constexpr (std::is_void_v<Result>) {
    co_await asio::co_spawn(
        blocking_executor(),
        [&work]() -> awaitable<void> {
          work();
          co_return;
        },
        asio::use_awaitable);
  } else {
    co_return co_await asio::co_spawn(
        blocking_executor(), [&work]() -> awaitable<Result> { co_return work(); }, asio::use_awaitable);
  }
}

}  // namespace filegate::http
