#include "cli/admin_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <boost/url/parse.hpp>

#include <array>

namespace filegate::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::string_view kAdminApiBase = "/_filegate/api/v1/";

std::string call_name(bhttp::verb method, std::string_view path) {
  return std::string(bhttp::to_string(method)) + " " + std::string(path);
}

// A connected socket; transport failures become AdminClientError naming the call.
tcp::socket connect(asio::io_context& io, const std::string& host, const std::string& port, std::string_view call) {
  beast::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, port, ec);
  tcp::socket socket(io);
  if (!ec) asio::connect(socket, endpoints, ec);
  if (ec) throw AdminClientError(0, std::string(call) + ": cannot reach " + host + ":" + port + ": " + ec.message());
  return socket;
}

bhttp::request<bhttp::string_body> make_request(bhttp::verb method, const std::string& target, const std::string& host,
                                                const std::string& port, const std::string& token,
                                                std::string_view json) {
  bhttp::request<bhttp::string_body> request(method, target, 11);
  request.set(bhttp::field::host, host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port);
  request.set(bhttp::field::authorization, "Bearer " + token);
  request.set(bhttp::field::user_agent, "filegate-cli");
  request.keep_alive(false);
  if (!json.empty()) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = std::string(json);
  }
  request.prepare_payload();
  return request;
}

// Splits arriving bytes into lines ("\n" or "\r\n"), keeping an unfinished one for the next call.
class LineSplitter {
 public:
  // False once `on_line` asked to stop.
  bool feed(std::string_view bytes, const std::function<bool(std::string_view)>& on_line) {
    pending_.append(bytes);
    std::size_t start = 0;
    for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
      std::string_view line(pending_.data() + start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!on_line(line)) return false;
    }
    pending_.erase(0, start);
    return true;
  }

 private:
  std::string pending_;
};

}  // namespace

std::string describe_error(unsigned status, std::string_view body) {
  std::string out = std::to_string(status);
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  const auto* error = !ec && parsed.is_object() ? parsed.as_object().if_contains("error") : nullptr;
  if (error && error->is_object()) {
    const auto* code = error->as_object().if_contains("code");
    const auto* message = error->as_object().if_contains("message");
    if (code && code->is_string()) out += " " + std::string(code->get_string());
    if (message && message->is_string()) out += ": " + std::string(message->get_string());
  }
  return out;
}

AdminClient::AdminClient(std::string_view url, std::string admin_token) : token_(std::move(admin_token)) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host_address().empty()) {
    throw std::invalid_argument("the server URL must look like http://host:port, not '" + std::string(url) + "'");
  }
  host_ = parsed->host_address();
  port_ = parsed->has_port() ? std::string(parsed->port()) : "80";
  prefix_ = std::string(parsed->encoded_path());
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
}

std::string AdminClient::target(std::string_view path) const {
  return prefix_ + std::string(kAdminApiBase) + std::string(path);
}

AdminClient::Response AdminClient::request(bhttp::verb method, std::string_view path, std::string_view json) const {
  const std::string call = call_name(method, path);
  asio::io_context io;
  tcp::socket socket = connect(io, host_, port_, call);
  auto request = make_request(method, target(path), host_, port_, token_, json);
  beast::error_code ec;
  bhttp::write(socket, request, ec);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  if (!ec) bhttp::read(socket, buffer, response, ec);
  if (ec) throw AdminClientError(0, call + ": " + ec.message());
  return Response{response.result_int(), std::move(response.body())};
}

std::string AdminClient::checked(bhttp::verb method, std::string_view path, std::string_view json) const {
  Response response = request(method, path, json);
  if (response.status / 100 != 2) {
    throw AdminClientError(response.status,
                           call_name(method, path) + ": " + describe_error(response.status, response.body));
  }
  return std::move(response.body);
}

std::string AdminClient::get(std::string_view path) const { return checked(bhttp::verb::get, path, {}); }

std::string AdminClient::post(std::string_view path, std::string_view json) const {
  return checked(bhttp::verb::post, path, json);
}

std::string AdminClient::del(std::string_view path) const { return checked(bhttp::verb::delete_, path, {}); }

void AdminClient::stream(std::string_view path, const std::function<bool(std::string_view)>& on_line) const {
  const std::string call = call_name(bhttp::verb::get, path);
  asio::io_context io;
  tcp::socket socket = connect(io, host_, port_, call);
  auto request = make_request(bhttp::verb::get, target(path), host_, port_, token_, {});
  request.set(bhttp::field::accept, "text/event-stream");
  beast::error_code ec;
  bhttp::write(socket, request, ec);
  // The body is read piece by piece as it arrives (a buffer_body parser), not to its end: it may never end.
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.body_limit(boost::none);
  if (!ec) bhttp::read_header(socket, buffer, parser, ec);
  if (ec) throw AdminClientError(0, call + ": " + ec.message());
  const unsigned status = parser.get().result_int();

  std::array<char, 16 * 1024> chunk;
  std::string error_body;
  LineSplitter lines;
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    bhttp::read_some(socket, buffer, parser, ec);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) {
      if (status != 200) break;
      throw AdminClientError(0, call + ": the connection to the server was lost: " + ec.message());
    }
    const std::string_view got(chunk.data(), chunk.size() - parser.get().body().size);
    if (status != 200) {
      error_body.append(got);
    } else if (!lines.feed(got, on_line)) {
      return;
    }
  }
  if (status != 200) throw AdminClientError(status, call + ": " + describe_error(status, error_body));
}

void add_admin_target_options(CLI::App& command, AdminTarget& target) {
  command.add_option("--url", target.url, "The server's base URL")->envname("FILEGATE_URL")->capture_default_str();
  command.add_option("--admin-token", target.admin_token, "The server's admin token")
      ->envname("FILEGATE_ADMIN_TOKEN")
      ->required();
}

std::string display_field(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (!value || value->is_null()) return "-";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_double()) return fmt::format("{}", value->get_double());
  return boost::json::serialize(*value);
}

}  // namespace filegate::cli
