#pragma once
// A small synchronous client of a running server's admin API (/_filegate/api/v1/), for the CLI commands that talk to
// one (`filegate requests`, the fault commands): plain HTTP over TCP, one connection per call, the admin token as a
// bearer token. Blocking is what a command line wants; nothing here runs inside the server.
#include <CLI/CLI.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace filegate::cli {

// The server answered with an error (status() is its HTTP status), or it could not be reached (status() is 0).
// what() is meant for the user: "GET requests: 401 Unauthorized: the admin API needs …".
class AdminClientError : public std::runtime_error {
 public:
  AdminClientError(unsigned status, const std::string& what) : std::runtime_error(what), status_(status) {}
  unsigned status() const { return status_; }

 private:
  unsigned status_;
};

class AdminClient {
 public:
  // `url`: the server's base URL, "http://host:port", with a path prefix if a proxy adds one. Throws
  // std::invalid_argument when it is not an http URL.
  AdminClient(std::string_view url, std::string admin_token);

  struct Response {
    unsigned status = 0;
    std::string body;
  };

  // `path` is relative to the admin API ("requests?limit=5"). Each returns the body of a 2xx answer and throws
  // AdminClientError otherwise.
  std::string get(std::string_view path) const;
  std::string post(std::string_view path, std::string_view json) const;
  std::string del(std::string_view path) const;
  // GETs a response that streams (server-sent events) and calls `on_line` with each line of its body, without the
  // line end, as it arrives; returns when the server ends the body or `on_line` returns false.
  void stream(std::string_view path, const std::function<bool(std::string_view line)>& on_line) const;

  // Any method; any status is returned, not thrown (only a transport failure throws).
  Response request(boost::beast::http::verb method, std::string_view path, std::string_view json = {}) const;

 private:
  std::string target(std::string_view path) const;
  std::string checked(boost::beast::http::verb method, std::string_view path, std::string_view json) const;

  std::string host_;
  std::string port_;
  std::string prefix_;  // the URL's path, without a trailing '/'
  std::string token_;
};

// Where a command finds the running server: --url (FILEGATE_URL) and --admin-token (FILEGATE_ADMIN_TOKEN), the same
// for every command that talks to one.
struct AdminTarget {
  std::string url = "http://127.0.0.1:8080";
  std::string admin_token;

  AdminClient client() const { return AdminClient(url, admin_token); }
};
void add_admin_target_options(CLI::App& command, AdminTarget& target);

// How the commands print a member of the API's JSON: text as it is, 0.5 as 0.5 (JSON's writer gives 5E-1), an
// absent or null member as "-", anything else as JSON.
std::string display_field(const boost::json::object& object, std::string_view key);

// The message of a non-2xx answer: "<status> <code>: <message>" from filegate's error body, else the status alone.
std::string describe_error(unsigned status, std::string_view body);

}  // namespace filegate::cli
