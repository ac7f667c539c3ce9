#include "cli/logging.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include "core/batched_output.hpp"
#include "core/text.hpp"

namespace filegate::cli {
namespace {

// Info and below to stdout, warnings and errors to stderr; each line flushed, as a pipe would otherwise hold it.
class SplitSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::FILE* out = msg.level >= spdlog::level::warn ? stderr : stdout;
    std::fwrite(line.data(), 1, line.size(), out);
    std::fflush(out);
  }
  void flush_() override {
    std::fflush(stdout);
    std::fflush(stderr);
  }
};

// Access lines, one per request, to stdout in batches: a write() and fflush() per request cost a fifth of the
// small-file download rate (bench/run.sh, "Observability A/B"). A line shows up at most 50 ms after its request.
class AccessSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  AccessSink() : output_(stdout, std::chrono::milliseconds(50)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    output_.append(std::string_view(line.data(), line.size()));
  }
  void flush_() override { output_.flush(); }

 private:
  core::BatchedOutput output_;
};

std::string utc_time(const spdlog::details::log_msg& msg) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
  return core::text::iso8601_utc(ms, core::text::TimePrecision::milliseconds);
}

// {"time","level","message"}; the access logger's message is itself a JSON object, merged in as its fields.
class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(bool message_is_json) : message_is_json_(message_is_json) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string_view text(msg.payload.data(), msg.payload.size());
    const spdlog::string_view_t level_name = spdlog::level::to_string_view(msg.level);
    const std::string_view level(level_name.data(), level_name.size());
    std::string line = fmt::format(R"({{"time":"{}","level":"{}")", utc_time(msg), level);
    if (message_is_json_ && text.size() >= 2 && text.front() == '{') {
      line += ',';
      line.append(text.substr(1));
    } else {
      line += ",\"message\":";
      line += boost::json::serialize(boost::json::string(text));
      line += '}';
    }
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(*this); }

 private:
  bool message_is_json_;
};

std::shared_ptr<spdlog::logger> make_logger(std::string name, spdlog::sink_ptr sink, LogFormat format,
                                            bool message_is_json) {
  auto logger = std::make_shared<spdlog::logger>(std::move(name), std::move(sink));
  if (format == LogFormat::json) {
    logger->set_formatter(std::make_unique<JsonFormatter>(message_is_json));
  } else {
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        message_is_json ? "%Y-%m-%dT%H:%M:%S.%e %v" : "%Y-%m-%dT%H:%M:%S.%e [%l] %v"));
  }
  return logger;
}

std::string_view or_dash(std::string_view s) { return s.empty() ? "-" : s; }

// A user agent is the client's text: quotes and control bytes would break the line apart.
std::string quoted_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) out += (c == '"' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '_' : c;
  return out;
}

}  // namespace

LogFormat parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  throw std::invalid_argument("unknown log format '" + std::string(name) + "' (text, json)");
}

void configure_logging(LogFormat format, spdlog::level::level_enum level) {
  auto logger = make_logger("filegate", std::make_shared<SplitSink>(), format, /*message_is_json=*/false);
  logger->set_level(level);
  spdlog::set_default_logger(std::move(logger));
}

std::string access_line_text(const http::AccessLogEntry& e) {
  return fmt::format("{} \"{} {} {}\" {} {} in={} out={} {:.1f}ms {} {} caller={} \"{}\" {}", e.remote, e.method,
                     e.target, e.protocol, e.status, or_dash(e.platform_code), e.bytes_received, e.bytes_sent,
                     e.duration_ms, or_dash(e.dialect), or_dash(e.endpoint), or_dash(e.caller),
                     quoted_safe(e.user_agent), e.log_id);
}

std::string access_line_json(const http::AccessLogEntry& e) {
  boost::json::object o;
  o["type"] = "access";
  o["remote"] = e.remote;
  o["method"] = e.method;
  o["target"] = e.target;
  o["protocol"] = e.protocol;
  o["status"] = e.status;
  o["platform_code"] = e.platform_code;
  o["bytes_in"] = e.bytes_received;
  o["bytes_out"] = e.bytes_sent;
  o["dialect"] = e.dialect;
  o["endpoint"] = e.endpoint;
  o["caller"] = e.caller;
  o["user_agent"] = e.user_agent;
  o["log_id"] = e.log_id;
  // Boost.JSON writes doubles as "1.280167E0": the duration is appended as a plain decimal instead.
  std::string line = boost::json::serialize(o);
  line.pop_back();
  line += fmt::format(",\"duration_ms\":{:.3f}}}", e.duration_ms);
  return line;
}

http::AccessLog make_access_log(LogFormat format, spdlog::level::level_enum level) {
  auto logger = make_logger("access", std::make_shared<AccessSink>(), format, /*message_is_json=*/true);
  logger->set_level(level);
  if (!logger->should_log(spdlog::level::info)) return {};  // no observer: requests are not even timed
  if (format == LogFormat::json) {
    return [logger](const http::AccessLogEntry& e) { logger->info(std::string_view(access_line_json(e))); };
  }
  // A string_view is logged as it is, without a second pass through fmt.
  return [logger](const http::AccessLogEntry& e) { logger->info(std::string_view(access_line_text(e))); };
}

}  // namespace filegate::cli
