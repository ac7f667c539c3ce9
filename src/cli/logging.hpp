#pragma once
// filegate's logs: the server's messages and the access log, as text or JSON lines. Informational lines go to
// stdout, warnings and errors to stderr, so a supervisor that keeps only stderr still has every problem.
#include <spdlog/common.h>

#include <string>
#include <string_view>

#include "http/server.hpp"

namespace filegate::cli {

enum class LogFormat { text, json };

// "text" or "json"; throws std::invalid_argument otherwise (the command line checks first).
LogFormat parse_log_format(std::string_view name);

// Makes the default logger write `format` at `level` and above: info and below on stdout, warn and above on stderr.
void configure_logging(LogFormat format, spdlog::level::level_enum level);

// One line per request on stdout at `level` (an access line is an info message: `--log-level warn` silences it).
http::AccessLog make_access_log(LogFormat format, spdlog::level::level_enum level);

// The access line as text: remote "METHOD target PROTOCOL" status code in out duration dialect endpoint caller
// "user agent" log_id, with "-" for what is unknown.
std::string access_line_text(const http::AccessLogEntry& e);
// The same as one JSON object (no time: the log line adds it).
std::string access_line_json(const http::AccessLogEntry& e);

}  // namespace filegate::cli
