#include "http/response_writer.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "http/connection_io.hpp"

namespace filegate::http {

void serialize_response_head(const bhttp::response_header<>& header, std::string& out) {
  char status[4];
  const unsigned code = header.result_int();
  status[0] = static_cast<char>('0' + code / 100 % 10);
  status[1] = static_cast<char>('0' + code / 10 % 10);
  status[2] = static_cast<char>('0' + code % 10);
  status[3] = ' ';
  out.append(header.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(status, 4);
  const beast::string_view reason = header.reason();
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  for (const auto& field : header) {
    const beast::string_view name = field.name_string();
    const beast::string_view value = field.value();
    out.append(name.data(), name.size());
    out.append(": ");
    out.append(value.data(), value.size());
    out.append("\r\n");
  }
  out.append("\r\n");
}

namespace {

// One non-blocking gathered send of what is left of head and body; the count sent, 0 if the socket is full,
// -1 on error.
ssize_t try_send(int fd, std::string_view head, std::string_view body, bool more_follows) {
  iovec parts[2];
  int count = 0;
  if (!head.empty()) parts[count++] = {const_cast<char*>(head.data()), head.size()};
  if (!body.empty()) parts[count++] = {const_cast<char*>(body.data()), body.size()};
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = static_cast<std::size_t>(count);
  const int flags = MSG_NOSIGNAL | MSG_DONTWAIT | (more_follows ? MSG_MORE : 0);
  for (;;) {
    const ssize_t n = ::sendmsg(fd, &message, flags);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  }
}

void consume(std::string_view& head, std::string_view& body, std::size_t n) {
  const std::size_t from_head = std::min(n, head.size());
  head.remove_prefix(from_head);
  body.remove_prefix(std::min(n - from_head, body.size()));
}

}  // namespace

awaitable<bool> wait_writable(tcp::socket& socket, std::chrono::steady_clock::duration timeout) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(socket.get_executor(), timeout);
  try {
    auto which = co_await (socket.async_wait(tcp::socket::wait_write, asio::use_awaitable) ||
                           timer.async_wait(asio::use_awaitable));
    co_return which.index() == 0;
  } catch (const boost::system::system_error&) {
    co_return false;
  }
}

awaitable<bool> write_response(ConnectionIo& io, std::string_view head, std::string_view body, bool more_follows) {
  auto& socket = io.stream.socket();
  const ssize_t sent = try_send(socket.native_handle(), head, body, more_follows);
  if (sent < 0) co_return false;
  consume(head, body, static_cast<std::size_t>(sent));
  if (head.empty() && body.empty()) co_return true;

  // The client reads slower than we write: wait for room, at most the write timeout each time. The head may live in
  // a per-thread buffer that another connection reuses while this one waits, so what is left of it is copied; the
  // body belongs to the caller's coroutine frame and stays put.
  const std::string rest_of_head(head);
  head = rest_of_head;
  while (!head.empty() || !body.empty()) {
    if (!co_await wait_writable(socket, io.limits.write_idle_timeout)) co_return false;
    const ssize_t n = try_send(socket.native_handle(), head, body, more_follows);
    if (n < 0) co_return false;
    consume(head, body, static_cast<std::size_t>(n));
  }
  co_return true;
}

}  // namespace filegate::http
