#include "http/blocking_work.hpp"

#include <algorithm>
#include <thread>

namespace filegate::http {

asio::thread_pool::executor_type blocking_executor() {
  // Leaked on purpose: joining these threads at exit would wait for work whose event loop has already stopped.
  static auto* pool = new asio::thread_pool(std::max(2u, std::thread::hardware_concurrency()));
  return pool->get_executor();
}

}  // namespace filegate::http
