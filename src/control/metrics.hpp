#pragma once
// GET /_filegate/metrics in the Prometheus text exposition format 0.0.4: requests by dialect, endpoint and status,
// latency histograms by dialect and endpoint, body bytes in and out, uploads and requests in progress, objects and
// bytes stored, the process's resident memory and open descriptors. Labels take only bounded values: dialect and
// endpoint names from the routes, never paths.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "control/garbage.hpp"
#include "core/metadata_store.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace filegate::control {

class Metrics {
 public:
  // Counts one finished request: the server's per-request observer calls it (on any worker thread).
  void record(const http::AccessLogEntry& request);

  // `in_flight` says how many requests are running when scraped.
  void register_routes(http::Router& router, core::MetadataStore& metadata, std::function<std::size_t()> in_flight);

  // Adds the garbage collector's totals to the exposition.
  void set_garbage_collection(const GarbageCollection& gc) { gc_ = &gc; }

  // The exposition text.
  std::string render(const core::ObjectTotals& totals, std::size_t in_flight) const;

 private:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  5.0};
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed when rendered
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };
  struct Bytes {
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
  };
  // Keys are views of the router's endpoint names (and of literals), which live as long as the server: counting a
  // request allocates nothing.
  using Route = std::tuple<std::string_view, std::string_view>;  // dialect, endpoint

  const GarbageCollection* gc_ = nullptr;
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string_view, std::string_view, unsigned>, std::uint64_t> requests_;
  std::map<Route, Latency> latency_;
  std::map<std::string_view, Bytes> bytes_;  // by dialect
};

}  // namespace filegate::control
