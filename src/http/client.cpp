#include "http/client.hpp"

#include <boost/url/parse.hpp>

namespace filegate::http {
namespace {

struct Target {
  std::string host;
  std::string port;
  std::string resource;  // path and query
};

std::optional<Target> target_of(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme_id() != boost::urls::scheme::http || !parsed->has_authority() ||
      parsed->encoded_host().empty()) {
    return std::nullopt;
  }
  Target target;
  target.host = parsed->host_address();
  target.port = parsed->has_port() ? std::string(parsed->port()) : "80";
  target.resource = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) target.resource += "?" + std::string(parsed->encoded_query());
  return target;
}

// The whole exchange, under the stream's deadline; errors propagate as boost::system::system_error.
awaitable<OutboundResponse> exchange(const Target& target, const OutboundRequest& request) {
  const auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream stream(executor);
  stream.expires_after(request.timeout);
  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(target.host, target.port, asio::use_awaitable);
  co_await stream.async_connect(endpoints, asio::use_awaitable);

  bhttp::request<bhttp::string_body> message(request.method, target.resource, 11);
  message.set(bhttp::field::host, target.host + (target.port == "80" ? "" : ":" + target.port));
  message.set(bhttp::field::user_agent, "filegate");
  message.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  message.prepare_payload();
  co_await bhttp::async_write(stream, message, asio::use_awaitable);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(request.max_response_bytes);
  co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  OutboundResponse response;
  response.status = parser.get().result_int();
  response.body = std::move(parser.get().body());
  co_return response;
}

std::string describe(const boost::system::error_code& error) {
  if (error == beast::error::timeout) return "timed out";
  if (error == asio::error::connection_refused) return "connection refused";
  if (error == asio::error::host_not_found || error == asio::error::host_not_found_try_again) return "unknown host";
  if (error == bhttp::error::body_limit) return "response too large";
  return "connection failed";
}

}  // namespace

bool is_reachable_url(std::string_view url) { return target_of(url).has_value(); }

awaitable<OutboundResponse> send(OutboundRequest request) {
  const auto started = std::chrono::steady_clock::now();
  OutboundResponse response;
  if (const auto target = target_of(request.url); !target) {
    response.error = "not an http:// URL";
  } else {
    try {
      response = co_await exchange(*target, request);
    } catch (const boost::system::system_error& e) {
      response.error = describe(e.code());
    }
  }
  response.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  co_return response;
}

OutboundResponse send_blocking(OutboundRequest request) {
  asio::io_context io(1);
  OutboundResponse result;
  asio::co_spawn(
      io, [&]() -> awaitable<void> { result = co_await send(std::move(request)); }, asio::detached);
  io.run();
  return result;
}

}  // namespace filegate::http
