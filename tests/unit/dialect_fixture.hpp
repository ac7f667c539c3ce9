#pragma once
// What the dialect tests share: a dialect over a throw-away store with its routes registered, and an exchange that
// envelopes can render for.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/random_ids.hpp"
#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/dialect.hpp"
#include "http/connection_io.hpp"
#include "http/exchange.hpp"
#include "http/request_head.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace filegate::test_support {

// A directory under the system's temporary one, removed with everything in it when the object goes.
struct TempDir {
  explicit TempDir(const std::string& prefix)
      : path(std::filesystem::temp_directory_path() / (prefix + core::random_hex(6))) {}
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

// One registered dialect, built the way `filegate serve` builds it, over a store of its own.
class DialectHarness {
 public:
  explicit DialectHarness(const dialects::DialectEntry& entry) : dialect(entry.make(services)) {
    dialect->register_routes(router);
  }

  TempDir dir{"filegate-dialect-test-"};  // first: removed after the store is closed
  core::ManualClock clock{1'715'847'583'123};
  std::unique_ptr<core::Store> store = core::Store::open_embedded(dir.path, clock);
  core::TokenService tokens{store->metadata(), clock};
  core::UrlSigner signer{"secret", clock};
  core::RateLimiter limiter{clock};
  dialects::Services services{*store, tokens, signer, limiter, clock, true, "http://127.0.0.1:1", "http://127.0.0.1:1",
                              {}};
  std::unique_ptr<dialects::Dialect> dialect;
  http::Router router;
};

// A test fixture for dialect class D: dialect() is the D the harness built.
template <typename D>
class DialectTest : public ::testing::Test {
 protected:
  D& dialect() { return static_cast<D&>(*harness_.dialect); }
  const http::Router& router() const { return harness_.router; }
  // The envelope of D's surface number `i`, in the order D::envelopes() lists them.
  static const http::Envelope& envelope(std::size_t i) { return *D::envelopes().at(i); }

  DialectHarness harness_{dialects::registry_entry<D>()};
};

// An exchange that is only rendered for, never sent on: envelopes read its log id.
struct RenderOnlyExchange {
  explicit RenderOnlyExchange(std::string_view log_id, std::string_view target = "/x")
      : head(http::bhttp::verb::get, "GET", target, fields, true), exchange(io, head, std::string(log_id)) {}
  boost::asio::io_context context;
  http::ServerLimits limits;
  http::ConnectionIo io{boost::beast::tcp_stream(context), boost::beast::flat_buffer(), std::nullopt, limits, {}};
  http::bhttp::fields fields;
  http::RequestHead head;
  http::Exchange exchange;
};

}  // namespace filegate::test_support
