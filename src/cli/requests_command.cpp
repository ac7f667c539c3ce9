#include "cli/requests_command.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/admin_client.hpp"

namespace filegate::cli {
namespace {

struct RequestsOptions {
  AdminTarget server;
  bool follow = false;
  bool json = false;
  std::string dialect;
  std::string endpoint;
  std::string status;
  std::string code;
  std::string caller;
  std::string since;
  std::string limit;
};

void add_param(std::string& query, std::string_view name, const std::string& value) {
  if (value.empty()) return;
  query += query.empty() ? "?" : "&";
  query += std::string(name) + "=" + boost::urls::encode(value, boost::urls::unreserved_chars);
}

std::string query_of(const RequestsOptions& options) {
  std::string query;
  add_param(query, "dialect", options.dialect);
  add_param(query, "endpoint", options.endpoint);
  add_param(query, "status", options.status);
  add_param(query, "code", options.code);
  add_param(query, "caller", options.caller);
  add_param(query, "since", options.since);
  add_param(query, "limit", options.limit);
  return query;
}

// time, status, code, endpoint, method, path, caller, fault, duration: one line per request.
std::string entry_line(const boost::json::object& entry) {
  const auto field = [&](std::string_view key) { return display_field(entry, key); };
  const auto* duration = entry.if_contains("duration_ms");
  const double ms = duration && duration->is_number() ? duration->to_number<double>() : 0.0;
  return fmt::format("{} {} {} {} {} {} caller={} fault={} {:.2f}ms", field("time"), field("status"), field("code"),
                     field("endpoint"), field("method"), field("path"), field("caller"), field("fault_id"), ms);
}

void print_entry(const boost::json::value& entry, bool json) {
  if (json) {
    std::cout << boost::json::serialize(entry) << "\n";
  } else if (entry.is_object()) {
    std::cout << entry_line(entry.get_object()) << "\n";
  }
}

// The list, oldest first like a log (the API answers newest first).
void list(const AdminClient& client, const RequestsOptions& options) {
  const std::string body = client.get("requests" + query_of(options));
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  const auto* requests = !ec && parsed.is_object() ? parsed.get_object().if_contains("requests") : nullptr;
  if (!requests || !requests->is_array()) throw std::runtime_error("the server's answer is not a request list");
  if (const auto* enabled = parsed.get_object().if_contains("enabled"); enabled && *enabled == false) {
    std::cerr << "filegate requests: the server's request journal is off (serve --journal-size 0)\n";
  }
  const auto& entries = requests->get_array();
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) print_entry(*it, options.json);
  std::cout << std::flush;
}

// Server-sent events: `id:`/`event:`/`data:` lines, an empty line ending each event, `:` lines are comments.
class EventPrinter {
 public:
  explicit EventPrinter(bool json) : json_(json) {}

  bool on_line(std::string_view line) {
    if (line.empty()) {
      dispatch();
    } else if (line.starts_with("event:")) {
      event_ = trim(line.substr(6));
    } else if (line.starts_with("data:")) {
      data_ += trim(line.substr(5));
    }
    return true;
  }

 private:
  static std::string trim(std::string_view value) {
    return std::string(value.starts_with(' ') ? value.substr(1) : value);
  }

  void dispatch() {
    boost::system::error_code ec;
    const boost::json::value parsed = data_.empty() ? boost::json::value() : boost::json::parse(data_, ec);
    if (!data_.empty() && !ec) {
      if (event_ == "gap") {
        // {"dropped":N,"after":seq}: `requests --since <after>` lists those still buffered.
        std::cerr << "filegate requests: this client read too slowly; requests were dropped: " << data_ << "\n";
      } else if (event_.empty()) {
        print_entry(parsed, json_);
        std::cout << std::flush;  // a follower wants each request as it happens
      }
    }
    event_.clear();
    data_.clear();
  }

  bool json_;
  std::string event_;
  std::string data_;
};

void follow(const AdminClient& client, const RequestsOptions& options) {
  EventPrinter printer(options.json);
  client.stream("requests/stream" + query_of(options), [&](std::string_view line) { return printer.on_line(line); });
}

}  // namespace

void add_requests_command(CLI::App& app) {
  auto options = std::make_shared<RequestsOptions>();
  auto* command = app.add_subcommand("requests", "Show the request journal of a running server (newest last)");
  command->add_flag("--follow,-f", options->follow, "Keep printing requests as they end (server-sent events)");
  command->add_option("--dialect", options->dialect,
                      "Only this dialect's requests (feishu, dingtalk, smh, coze, filegate)");
  command->add_option("--endpoint", options->endpoint, "Only this endpoint's requests (feishu.im.file.get …)");
  command->add_option("--status", options->status, "Only this HTTP status (404) or class (4xx)");
  command->add_option("--code", options->code, "Only requests answered with this platform error code");
  command->add_option("--caller", options->caller, "Only this caller's requests (app id, app key, library id …)");
  command->add_option("--since", options->since, "Only requests after this journal seq");
  command->add_option("--limit", options->limit,
                      "At most this many (newest) requests; with --follow, how many buffered ones to show first");
  add_admin_target_options(*command, options->server);
  command->add_flag("--json", options->json, "Print each request as one JSON line, as the API gives it");
  command->callback([options] {
    const AdminClient client = options->server.client();
    if (options->follow) {
      follow(client, *options);
    } else {
      list(client, *options);
    }
  });
}

}  // namespace filegate::cli
