#include "control/metrics.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "http/blocking_work.hpp"
#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::control {
namespace {

// A label value as the format wants it: backslash, double quote and line feed escaped.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::size_t open_descriptors() {
  std::error_code ec;
  std::size_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n > 0 ? n - 1 : 0;  // less the one the iteration itself holds open
}

// When this process started, as the Prometheus client libraries report it: the web console's uptime.
const double kProcessStartSeconds =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

http::Exchange::StringResponse metrics_response(std::string text) {
  http::Exchange::StringResponse res{http::bhttp::status::ok, 11};
  res.set(http::bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  res.body() = std::move(text);
  res.prepare_payload();
  return res;
}

}  // namespace

void Metrics::record(const http::AccessLogEntry& request) {
  const double seconds = request.duration_ms / 1000.0;
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  ++requests_[{request.dialect, request.endpoint, request.status}];
  Latency& latency = latency_[{request.dialect, request.endpoint}];
  if (bucket < kBuckets.size()) ++latency.buckets[bucket];
  ++latency.count;
  latency.sum_seconds += seconds;
  Bytes& bytes = bytes_[request.dialect];
  bytes.received += request.bytes_received;
  bytes.sent += request.bytes_sent;
}

std::string Metrics::render(const core::ObjectTotals& totals, std::size_t in_flight) const {
  std::string out;
  std::lock_guard lock(mutex_);
  family(out, "filegate_requests_total", "counter", "Requests answered, by dialect, endpoint and HTTP status.");
  for (const auto& [key, count] : requests_) {
    const auto& [dialect, endpoint, status] = key;
    out += fmt::format("filegate_requests_total{{dialect=\"{}\",endpoint=\"{}\",status=\"{}\"}} {}\n", label(dialect),
                       label(endpoint), status, count);
  }
  family(out, "filegate_request_duration_seconds", "histogram", "Time from request head to response end.");
  for (const auto& [route, latency] : latency_) {
    const std::string labels =
        fmt::format("dialect=\"{}\",endpoint=\"{}\"", label(std::get<0>(route)), label(std::get<1>(route)));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      out +=
          fmt::format("filegate_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, kBuckets[i], cumulative);
    }
    out += fmt::format("filegate_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, latency.count);
    out += fmt::format("filegate_request_duration_seconds_sum{{{}}} {}\n", labels, latency.sum_seconds);
    out += fmt::format("filegate_request_duration_seconds_count{{{}}} {}\n", labels, latency.count);
  }
  family(out, "filegate_received_bytes_total", "counter", "Request body bytes read, by dialect.");
  for (const auto& [dialect, bytes] : bytes_) {
    out += fmt::format("filegate_received_bytes_total{{dialect=\"{}\"}} {}\n", label(dialect), bytes.received);
  }
  family(out, "filegate_sent_bytes_total", "counter", "Response body bytes written, by dialect.");
  for (const auto& [dialect, bytes] : bytes_) {
    out += fmt::format("filegate_sent_bytes_total{{dialect=\"{}\"}} {}\n", label(dialect), bytes.sent);
  }
  family(out, "filegate_requests_in_flight", "gauge", "Requests being handled now.");
  out += fmt::format("filegate_requests_in_flight {}\n", in_flight);
  family(out, "filegate_uploads_in_progress", "gauge", "Uploads whose bytes are arriving or not yet committed.");
  out += fmt::format("filegate_uploads_in_progress {}\n", core::StagedBlob::in_progress());
  family(out, "filegate_objects", "gauge", "Stored objects (one per stored version of a file).");
  out += fmt::format("filegate_objects {}\n", totals.objects);
  family(out, "filegate_object_bytes", "gauge", "Bytes the stored objects hold.");
  out += fmt::format("filegate_object_bytes {}\n", totals.bytes);
  if (gc_) {
    const GarbageCollection::Totals gc = gc_->totals();
    family(out, "filegate_gc_runs_total", "counter", "Garbage collections run.");
    out += fmt::format("filegate_gc_runs_total {}\n", gc.runs);
    family(out, "filegate_gc_removed_total", "counter", "What garbage collection removed, by kind.");
    out += fmt::format("filegate_gc_removed_total{{kind=\"objects\"}} {}\n", gc.removed.objects);
    out += fmt::format("filegate_gc_removed_total{{kind=\"blobs\"}} {}\n", gc.removed.blobs);
    out += fmt::format("filegate_gc_removed_total{{kind=\"part_uploads\"}} {}\n", gc.removed.part_uploads);
    family(out, "filegate_gc_reclaimed_bytes_total", "counter", "Bytes garbage collection freed, by kind.");
    out += fmt::format("filegate_gc_reclaimed_bytes_total{{kind=\"blobs\"}} {}\n", gc.removed.blob_bytes);
    out += fmt::format("filegate_gc_reclaimed_bytes_total{{kind=\"parts\"}} {}\n", gc.removed.part_bytes);
  }
  family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out += fmt::format("process_resident_memory_bytes {}\n", resident_bytes());
  family(out, "process_open_fds", "gauge", "Open file descriptors.");
  out += fmt::format("process_open_fds {}\n", open_descriptors());
  family(out, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
  out += fmt::format("process_start_time_seconds {:.3f}\n", kProcessStartSeconds);
  return out;
}

void Metrics::register_routes(http::Router& router, core::MetadataStore& metadata,
                              std::function<std::size_t()> in_flight) {
  router.scope(http::filegate_envelope(), {"/_filegate/metrics"})
      .add(http::bhttp::verb::get, "/_filegate/metrics", "filegate.metrics",
           [this, &metadata, in_flight = std::move(in_flight)](http::Exchange& exchange) -> http::awaitable<void> {
             // The totals are an SQL aggregate: off the event loop.
             auto response = co_await http::run_blocking(
                 [&] { return metrics_response(render(metadata.object_totals(), in_flight())); });
             co_await exchange.respond(std::move(response));
           });
}

}  // namespace filegate::control
