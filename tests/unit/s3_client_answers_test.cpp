// The S3 client against answers a real store rarely gives on demand: a listing that does not advance, an error inside
// a 200, a proxy's HTML page. A canned-answer HTTP server on loopback plays the store and records what it was sent.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/s3/client.hpp"

namespace {

using namespace filegate::core::s3;

// Answers each connection's one request with the next canned answer (then closes it), recording the request's head.
class CannedStore {
 public:
  explicit CannedStore(std::vector<std::string> answers) : answers_(std::move(answers)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener_, 8) != 0 || getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~CannedStore() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  CannedStore(const CannedStore&) = delete;
  CannedStore& operator=(const CannedStore&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    for (const std::string& answer : answers_) {
      const int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::string request;
      char buffer[4096];
      // The head, then as many body bytes as Content-Length announces.
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(connection, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      const std::size_t head_end = request.find("\r\n\r\n");
      std::size_t body_size = 0;
      if (const std::size_t at = request.find("Content-Length: "); at != std::string::npos && at < head_end) {
        body_size = std::stoul(request.substr(at + 16));
      }
      while (head_end != std::string::npos && request.size() < head_end + 4 + body_size) {
        const ssize_t n = read(connection, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      {
        const std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      [[maybe_unused]] const ssize_t written = write(connection, answer.data(), answer.size());
      close(connection);
    }
  }

  std::vector<std::string> answers_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
};

std::string http(int status, const std::string& reason, const std::string& body,
                 const std::string& content_type = "application/xml") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

Config config_for(const CannedStore& store) {
  Config config;
  config.endpoint = store.endpoint();
  config.bucket = "bkt";
  config.access_key = "AKIDCANNED";
  config.secret_key = "canned-secret-Vb7q";
  return config;
}

template <typename F>
Error error_of(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    return e;
  }
  throw std::runtime_error("expected an s3::Error, nothing was thrown");
}

TEST(S3ClientAnswers, ListingThatDoesNotAdvanceFailsInsteadOfLooping) {
  const std::string page =
      "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>same</NextContinuationToken>"
      "<Contents><Key>p/a</Key><Size>1</Size></Contents></ListBucketResult>";
  CannedStore store({http(200, "OK", page), http(200, "OK", page), http(200, "OK", page)});
  const filegate::core::SystemClock clock;
  const Client client(config_for(store), clock);
  int visited = 0;
  const Error error = error_of([&] { client.for_each_object("p/", [&](const ObjectSummary&) { ++visited; }); });
  EXPECT_EQ(error.code(), "InvalidResponse");
  EXPECT_EQ(visited, 2);
  ASSERT_EQ(store.requests().size(), 2u);
  EXPECT_NE(store.requests()[1].find("continuation-token=same&"), std::string::npos) << store.requests()[1];
}

TEST(S3ClientAnswers, UploadListingThatDoesNotAdvanceFailsInsteadOfLooping) {
  const std::string page =
      "<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker>"
      "<NextUploadIdMarker>u</NextUploadIdMarker><Upload><Key>k</Key><UploadId>u</UploadId></Upload>"
      "</ListMultipartUploadsResult>";
  CannedStore store({http(200, "OK", page), http(200, "OK", page), http(200, "OK", page)});
  const filegate::core::SystemClock clock;
  const Client client(config_for(store), clock);
  EXPECT_EQ(error_of([&] { client.list_multipart_uploads("", 1); }).code(), "InvalidResponse");
  EXPECT_EQ(store.requests().size(), 2u);
}

// S3 may fail a CompleteMultipartUpload after it has sent 200: the error is the body.
TEST(S3ClientAnswers, ErrorInsideA200CompletionIsAnError) {
  CannedStore store({http(200, "OK", "<Error><Code>InternalError</Code><Message>try again</Message></Error>")});
  const filegate::core::SystemClock clock;
  const Client client(config_for(store), clock);
  const Error error = error_of([&] { client.complete_multipart_upload("k", "u1", {{1, "\"e1\""}}); });
  EXPECT_EQ(error.status(), 200);
  EXPECT_EQ(error.code(), "InternalError");
  // What was sent: the canonical query, the completion body, a payload left unsigned, credentials by signature only.
  const std::vector<std::string> requests = store.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& request = requests[0];
  EXPECT_TRUE(request.starts_with("POST /bkt/k?uploadId=u1 HTTP/1.1\r\n")) << request;
  EXPECT_NE(request.find("<PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag>"), std::string::npos) << request;
  EXPECT_NE(request.find("x-amz-content-sha256: UNSIGNED-PAYLOAD"), std::string::npos) << request;
  EXPECT_NE(request.find("Credential=AKIDCANNED/"), std::string::npos) << request;
  EXPECT_EQ(request.find("canned-secret"), std::string::npos) << request;
  EXPECT_EQ(request.find("Expect:"), std::string::npos) << request;  // a small POST costs no 100-continue round trip
}

TEST(S3ClientAnswers, ErrorsWithoutAnS3DocumentGetTheirStatusAsCode) {
  CannedStore store({http(502, "Bad Gateway", "<html><body>502</body></html>", "text/html"),
                     http(503, "Slow Down", "<Error><Code>SlowDown</Code></Error>"),
                     http(200, "OK", "<InitiateMultipartUploadResult></InitiateMultipartUploadResult>")});
  const filegate::core::SystemClock clock;
  const Client client(config_for(store), clock);
  const Error proxy = error_of([&] { client.delete_object("k"); });
  EXPECT_EQ(proxy.status(), 502);
  EXPECT_EQ(proxy.code(), "HTTP 502");
  const Error slow = error_of([&] { client.delete_object("k"); });
  EXPECT_EQ(slow.status(), 503);
  EXPECT_EQ(slow.code(), "SlowDown");
  // A 200 the client cannot read is the store's failure too.
  const Error unreadable = error_of([&] { client.create_multipart_upload("k"); });
  EXPECT_EQ(unreadable.code(), "InvalidResponse");
  const std::string initiate = store.requests()[2];
  EXPECT_TRUE(initiate.starts_with("POST /bkt/k?uploads= HTTP/1.1\r\n")) << initiate;
  // No Content-Type of libcurl's own: the object would keep it.
  EXPECT_EQ(initiate.find("Content-Type"), std::string::npos) << initiate;
}

}  // namespace
