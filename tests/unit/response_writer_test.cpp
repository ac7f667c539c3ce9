// The hand-written response path: head serialisation, one gathered send, and the fallback for a client whose
// receive window is full (the bytes must still arrive whole and in order).
#include <gtest/gtest.h>

#include <ctime>
#include <regex>
#include <thread>

#include "http/connection_io.hpp"
#include "http/response_writer.hpp"
#include "http/server.hpp"

namespace filegate::http {
namespace {

TEST(ResponseHead, SerialisesStatusLineAndFieldsInOrder) {
  bhttp::response_header<> header;
  header.version(11);
  header.result(bhttp::status::partial_content);
  header.set(bhttp::field::content_type, "application/pdf");
  header.set("X-Tt-Logid", "abc");
  header.set(bhttp::field::content_length, "10");
  std::string out = "kept:";
  serialize_response_head(header, out);
  EXPECT_EQ(out,
            "kept:HTTP/1.1 206 Partial Content\r\nContent-Type: application/pdf\r\nX-Tt-Logid: abc\r\n"
            "Content-Length: 10\r\n\r\n");
}

TEST(ResponseHead, UsesTheGivenReasonAndVersion) {
  bhttp::response_header<> header;
  header.version(10);
  header.result(404);
  header.reason("Nope");
  std::string out;
  serialize_response_head(header, out);
  EXPECT_EQ(out, "HTTP/1.0 404 Nope\r\n\r\n");
}

// A connected pair of loopback sockets; the server side is wrapped the way the server wraps it.
struct SocketPair {
  asio::io_context context;
  ServerLimits limits;
  tcp::acceptor acceptor{context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  tcp::socket client{context};
  ConnectionIo io{beast::tcp_stream(connect_and_accept()), beast::flat_buffer(), std::nullopt, limits, {}};

  tcp::socket connect_and_accept() {
    client.connect(acceptor.local_endpoint());
    return acceptor.accept();
  }
};

bool run_write(SocketPair& pair, std::string_view head, std::string_view body) {
  bool ok = false;
  asio::co_spawn(
      pair.context, [&]() -> awaitable<void> { ok = co_await write_response(pair.io, head, body, false); },
      asio::detached);
  pair.context.run();
  pair.context.restart();
  return ok;
}

TEST(WriteResponse, DeliversHeadAndBodyInOneGo) {
  SocketPair pair;
  ASSERT_TRUE(run_write(pair, "HEAD\r\n", "body"));
  std::string received(10, '\0');
  asio::read(pair.client, asio::buffer(received));
  EXPECT_EQ(received, "HEAD\r\nbody");
}

TEST(WriteResponse, WaitsForASlowReaderAndKeepsTheBytesInOrder) {
  SocketPair pair;
  std::string head(1000, 'h');
  std::string body(32 << 20, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);

  // The reader starts late, so the kernel cannot take the whole response in the first, non-blocking send.
  std::string received(head.size() + body.size(), '\0');
  std::thread reader([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    beast::error_code ec;
    asio::read(pair.client, asio::buffer(received), ec);
    if (ec) ADD_FAILURE() << "read: " << ec.message();
  });
  const bool ok = run_write(pair, head, body);
  reader.join();
  ASSERT_TRUE(ok);
  EXPECT_TRUE(received == head + body) << "the response arrived altered";
}

TEST(WriteResponse, ReportsAPeerThatHasGone) {
  SocketPair pair;
  pair.client.set_option(asio::socket_base::linger(true, 0));
  pair.client.close();  // reset: the next send fails
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::string body(1 << 20, 'x');
  EXPECT_FALSE(run_write(pair, "HTTP/1.1 200 OK\r\n\r\n", body));
}

TEST(LogId, HasTheFeishuShapeAndDiffersPerRequest) {
  const std::string a = make_log_id();
  const std::string b = make_log_id();
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9]{14}[0-9A-F]{20}"))) << a;
  EXPECT_NE(a, b);
  char today[9];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(today, sizeof today, "%Y%m%d", &utc);
  EXPECT_EQ(a.substr(0, 8), today);
}

}  // namespace
}  // namespace filegate::http
