#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <ctime>
#include <random>

#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "http/connection_io.hpp"
#include "http/framing.hpp"
#include "http/head_overflow.hpp"
#include "http/redact.hpp"

namespace filegate::http {
namespace {

using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::as_tuple(use_awaitable);

bool is_disconnect(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == beast::error::timeout || ec == asio::error::operation_aborted || ec == bhttp::error::partial_message;
}

Exchange::StringResponse plain_response(unsigned status, std::string body) {
  Exchange::StringResponse res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::move(body);
  return res;
}

// Answers a request whose head could not even be parsed, then the connection is closed.
awaitable<void> reject_unparsable(beast::tcp_stream& stream, unsigned status, std::string_view reason) {
  auto res = plain_response(status, std::string(reason));
  res.set("X-Request-Id", make_log_id());
  res.keep_alive(false);
  res.prepare_payload();
  stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_write(stream, res, as_tuple_awaitable);
}

// Answers a request head over the limit, then the connection is closed. The platform whose path the head names
// answers in its own envelope (SMH: 414 URITooLong, 431 HeaderFieldsTooLarge); plain text where it has no entry.
awaitable<void> answer_overflowed_head(ConnectionIo& io, const Router& router) {
  const auto& message = io.parser->get();
  const auto buffered = io.buffer.cdata();
  const OverflowedHead overflowed = inspect_overflowed_head(
      message.method_string(), message.target(),
      std::string_view(static_cast<const char*>(buffered.data()), buffered.size()), io.limits.max_header_bytes);
  const HeadRefusal answer = refuse_overflowed_head(router, overflowed.target, overflowed.request_line_overflowed);
  if (!answer.refusal) {
    co_await reject_unparsable(io.stream, 431, "request header fields too large");
    co_return;
  }
  static const bhttp::fields no_fields;  // the fields were never parsed
  const RequestHead head(bhttp::string_to_verb(overflowed.method), overflowed.method, overflowed.target, no_fields,
                         false);
  Exchange exchange(io, head, make_log_id());
  exchange.set_route(*answer.envelope, "");
  exchange.refuse_body();
  auto response = answer.envelope->render(exchange, *answer.refusal);
  exchange.note_platform_code(answer.refusal->entry().code);
  co_await exchange.respond(std::move(response));
}

// Closing a socket whose receive queue still holds request bytes makes the kernel send RST, which can destroy our
// response before the client reads it. So, as nginx does, stop sending, then read and drop what the client is still
// sending for a bounded time and amount before closing.
awaitable<void> linger(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  std::array<char, 64 * 1024> sink;
  std::uint64_t dropped = 0;
  stream.expires_after(std::chrono::seconds(2));
  while (dropped < (64ull << 20)) {
    auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), as_tuple_awaitable);
    if (read_ec) break;
    dropped += n;
  }
}

// Counts a request in flight for as long as it lives (graceful stop waits for the count to reach zero).
class InFlight {
 public:
  explicit InFlight(std::shared_ptr<std::atomic<std::size_t>> count) : count_(std::move(count)) { ++*count_; }
  ~InFlight() { --*count_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::shared_ptr<std::atomic<std::size_t>> count_;
};

// A fault's raw answer: exactly the status, headers and body the rule gives.
bhttp::response<bhttp::string_body> raw_response(const InjectedFault& fault) {
  bhttp::response<bhttp::string_body> response(static_cast<bhttp::status>(fault.status), 11, fault.body);
  for (const auto& [name, value] : fault.headers) response.set(name, value);
  return response;
}

bool breaks_connection(const InjectedFault& fault) {
  return fault.kind == InjectedFault::Kind::drop || fault.kind == InjectedFault::Kind::reset ||
         fault.kind == InjectedFault::Kind::hang;
}

// A fault that answers nothing: drop closes the connection, reset closes it with an RST (SO_LINGER 0), hang keeps it
// silent until the client goes away or the hang time passes. Whatever the client still sends is read and dropped.
awaitable<void> break_connection(beast::tcp_stream& stream, const InjectedFault& fault) {
  beast::error_code ignored;
  if (fault.kind == InjectedFault::Kind::reset) {
    stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
  } else if (fault.kind == InjectedFault::Kind::hang) {
    // Without a hang time the wait is bounded anyway: a forgotten rule must not pin a connection forever.
    constexpr std::chrono::hours kLongestHang{24};
    stream.expires_after(fault.hang_for.count() > 0
                             ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(fault.hang_for)
                             : kLongestHang);
    std::array<char, 4096> sink{};
    for (;;) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), as_tuple_awaitable);
      if (ec) break;
    }
  }
  stream.socket().close(ignored);
}

}  // namespace

std::string make_log_id() {
  // Called for every request, so the UTC timestamp is formatted once per second and thread, and the random part is
  // written as hex by hand (strftime and snprintf showed up in download profiles).
  thread_local std::mt19937_64 rng(core::random_u64());
  thread_local std::time_t formatted_second = -1;
  thread_local std::string timestamp;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_second) {
    timestamp = core::text::compact_utc(now);
    formatted_second = now;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string id = timestamp;
  id.resize(14 + 20);
  std::uint64_t a = rng();
  const std::uint64_t b = rng() & 0xffff;
  for (int i = 15; i >= 0; --i, a >>= 4) id[14 + i] = kHex[a & 0xf];
  for (int i = 0; i < 4; ++i) id[30 + i] = kHex[(b >> (12 - 4 * i)) & 0xf];
  return id;
}

Server::Server(std::vector<asio::io_context*> workers, const Router& router, ServerLimits limits, AccessLog access_log)
    : workers_(std::move(workers)),
      waiting_(workers_.size()),
      router_(router),
      limits_(limits),
      access_log_(std::move(access_log)),
      acceptor_(*workers_.at(0)) {}

tcp::endpoint Server::listen(const std::string& address, unsigned short port) {
  // Resolved before any worker runs, so the blocking lookup stalls no event loop. IPv4 first: "localhost" often
  // resolves to ::1 first, while most clients try 127.0.0.1 first.
  tcp::resolver resolver(*workers_.front());
  beast::error_code ec;
  const auto results = resolver.resolve(address, std::to_string(port), tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve the listen address '" + address + "': " + ec.message());
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  for (const auto& result : results) {
    if (result.endpoint().address().is_v4()) {
      endpoint = result.endpoint();
      break;
    }
  }
  // Error codes, not exceptions: Boost's system_error text names its own source file and function.
  const auto check = [&] {
    if (ec) {
      throw std::runtime_error("cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(port) +
                               ": " + ec.message());
    }
  };
  acceptor_.open(endpoint.protocol(), ec);
  check();
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  check();
  acceptor_.bind(endpoint, ec);
  check();
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  check();
  tcp::endpoint bound = acceptor_.local_endpoint(ec);
  check();
  return bound;
}

void Server::start() { asio::co_spawn(*workers_.front(), accept_loop(), asio::detached); }

void Server::stop() {
  stopping_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  // Each worker cancels its own waiting reads: a stream may only be touched on its thread. A connection that starts
  // waiting after this sees stopping_ (the post orders it after the store) and closes by itself.
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    asio::post(*workers_[i], [this, i] {
      for (beast::tcp_stream* stream : waiting_[i]) stream->cancel();
    });
  }
}

void Server::drain(std::chrono::milliseconds grace, std::function<void(std::size_t)> done) {
  asio::co_spawn(*workers_.front(), wait_drained(std::chrono::steady_clock::now() + grace, std::move(done)),
                 asio::detached);
}

awaitable<void> Server::wait_drained(std::chrono::steady_clock::time_point deadline,
                                     std::function<void(std::size_t)> done) {
  // Polled: requests end on every worker, and a 20 ms tick costs nothing next to a shutdown.
  asio::steady_timer tick(*workers_.front());
  while (in_flight_->load() > 0 && std::chrono::steady_clock::now() < deadline) {
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(as_tuple_awaitable);
  }
  done(in_flight_->load());
}

awaitable<void> Server::accept_loop() {
  while (acceptor_.is_open()) {
    const std::size_t index = next_worker_++ % workers_.size();
    asio::io_context& worker = *workers_[index];
    auto [ec, socket] = co_await acceptor_.async_accept(worker, as_tuple_awaitable);
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    asio::co_spawn(worker, run_session(std::move(socket), index), [](const std::exception_ptr& e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("connection ended by an unexpected error: {}", ex.what());
      }
    });
  }
}

awaitable<void> Server::run_session(tcp::socket socket, std::size_t worker) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto remote_endpoint = socket.remote_endpoint(ignored);
  const std::string remote = remote_endpoint.address().to_string() + ":" + std::to_string(remote_endpoint.port());
  ConnectionIo io{beast::tcp_stream(std::move(socket)), beast::flat_buffer(), std::nullopt, limits_, {}};

  bool first = true;
  bool unread_body = false;
  for (;;) {
    io.parser.emplace();
    io.parser->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    // No limit while the head is parsed (Beast would reject a large Content-Length before we know the route);
    // the route's own limit is applied below.
    io.parser->body_limit(boost::none);
    io.stream.expires_after(first ? limits_.head_timeout : limits_.keep_alive_idle);
    first = false;
    if (stopping_) break;  // shutting down: no new request on this connection
    waiting_[worker].insert(&io.stream);
    auto [ec, header_bytes] = co_await bhttp::async_read_header(io.stream, io.buffer, *io.parser, as_tuple_awaitable);
    waiting_[worker].erase(&io.stream);
    if (ec == bhttp::error::header_limit) {
      co_await answer_overflowed_head(io, router_);
      unread_body = true;  // nothing after a refused head is read
      break;
    }
    if (ec) {
      if (!is_disconnect(ec)) {
        // The parser's words are for the log: the client learns only that its request was malformed.
        spdlog::info("{}: malformed request head: {}", remote, ec.message());
        co_await reject_unparsable(io.stream, 400, "malformed request");
        unread_body = true;
      }
      break;
    }
    // Only timed when someone reads the access log: a clock read per request shows in small-file profiles.
    const auto start = access_log_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    const InFlight counted(in_flight_);
    io.response_head.clear();
    const auto& message = io.parser->get();
    const RequestHead head(message.method(), message.method_string(), message.target(), message.base(),
                           message.keep_alive());
    Exchange exchange(io, head, make_log_id());
    RouteMatch match = router_.match(head);
    exchange.set_route(*match.envelope, match.endpoint);
    if (match.handler) exchange.set_fault_hook(fault_hook_);

    std::optional<Refusal> refusal;
    std::optional<InjectedFault> fault;  // a fault that took the request over from its handler
    std::optional<BodyError::Kind> body_error;
    std::string failure;  // what went wrong unexpectedly: for the log, never for the client
    try {
      if (framing_is_ambiguous(message.base(), message.version())) {
        exchange.refuse_body();
        throw BodyError(BodyError::Kind::malformed, "ambiguous message framing (Transfer-Encoding)");
      }
      if (!match.handler) throw Refusal(*match.envelope->errors().not_found);
      const std::uint64_t limit = match.options->max_body_bytes;
      if (auto declared = io.parser->content_length(); declared && *declared > limit) {
        exchange.refuse_body();
        throw BodyError(BodyError::Kind::too_large, "Content-Length above this route's limit");
      }
      io.parser->body_limit(limit);
      exchange.set_params(std::move(match.params));
      if (fault_hook_) exchange.take_fault(fault_hook_->before_handler(exchange));
      co_await (*match.handler)(exchange);
      if (!exchange.responded()) failure = "the handler sent no response";
    } catch (const Refusal& e) {
      refusal = e;
    } catch (FaultTakesOver& e) {
      fault = std::move(e.fault);
      if (fault->kind == InjectedFault::Kind::refuse) refusal.emplace(*fault->error);
    } catch (const BodyError& e) {
      body_error = e.kind();
      failure = e.what();
    } catch (const std::exception& e) {
      failure = e.what();
    }

    if (exchange.responded()) {
      if (refusal) failure = refusal->what();
      if (!failure.empty()) {
        spdlog::warn("{} {} ended after its response began: {}", head.method_string(), redact_target(head.target()),
                     failure);
      }
    } else if (body_error == BodyError::Kind::timeout || body_error == BodyError::Kind::disconnected) {
      // A timed-out or vanished client gets no answer: there is nobody to read it.
    } else if (fault && fault->kind == InjectedFault::Kind::raw) {
      co_await exchange.respond(raw_response(*fault));
    } else if (fault && breaks_connection(*fault)) {
      co_await break_connection(io.stream, *fault);
    } else {
      const EnvelopeErrors& errors = match.envelope->errors();
      if (body_error == BodyError::Kind::too_large) {
        refusal.emplace(match.options && match.options->too_large ? *match.options->too_large : *errors.too_large);
      } else if (body_error == BodyError::Kind::malformed) {
        refusal.emplace(*errors.malformed);
      } else if (!refusal) {
        spdlog::error("{} {} failed: {} (log id {})", head.method_string(), redact_target(head.target()), failure,
                      exchange.log_id());
        refusal.emplace(*errors.internal);
      }
      // After an unexpected failure the connection is not trusted with another request.
      if (!failure.empty()) exchange.close_after_response();
      auto response = match.envelope->render(exchange, *refusal);
      exchange.note_platform_code(refusal->entry().code);
      co_await exchange.respond(std::move(response));
    }

    if (access_log_) {
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      const std::string target = redact_target(head.target());
      const std::string_view endpoint = exchange.endpoint();
      AccessLogEntry entry{remote,
                           head.method_string(),
                           target,
                           message.version() == 10 ? "HTTP/1.0" : "HTTP/1.1",
                           endpoint.substr(0, endpoint.find('.')),
                           endpoint,
                           exchange.caller(),
                           head.header(bhttp::field::user_agent),
                           exchange.status(),
                           exchange.platform_code(),
                           exchange.bytes_received(),
                           exchange.bytes_sent(),
                           ms,
                           exchange.log_id(),
                           exchange.fault_id(),
                           &message.base(),
                           io.response_head};
      access_log_(entry);
    }
    // An idle keep-alive connection should not hold the large buffer an upload needed.
    if (io.buffer.capacity() > 64 * 1024) io.buffer.shrink_to_fit();
    // A fault broke the connection or cut the body short: the client must see the connection end now.
    if ((fault && breaks_connection(*fault)) || exchange.cut_short()) break;
    if (!exchange.responded() || !exchange.reusable() || !head.keep_alive() || !failure.empty()) {
      // A refused body was never read, even when the parser expects none (a Transfer-Encoding it ignored).
      unread_body = !io.parser->is_done() || exchange.body_refused();
      break;
    }
  }
  if (unread_body) co_await linger(io.stream);
  io.stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  io.stream.close();
}

}  // namespace filegate::http
