#pragma once
// What every platform dialect gets from the server, and what it gives back: routes and dev credentials.
// Dialects reach storage only through the core interfaces below, never SQLite or the file system.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "http/beast.hpp"
#include "http/router.hpp"

namespace filegate::dialects {
namespace bhttp = boost::beast::http;

struct Services {
  core::Store& store;
  core::TokenService& tokens;
  core::UrlSigner& signer;
  core::RateLimiter& rate_limiter;
  const core::Clock& clock;
  bool rate_limits_enabled = true;
  std::string public_base_url;  // how clients reach this server, e.g. "http://127.0.0.1:8080"
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  // The dialect's short name as users type it: "feishu", "dingtalk", "smh", "coze".
  virtual std::string_view name() const = 0;
  // Adds the dialect's routes in one scope per wire surface (its API, its signed-URL byte host …).
  virtual void register_routes(http::Router& router) = 0;
  // The envelopes of those surfaces, each with its error catalog (for `filegate errors` and the fault injector).
  virtual std::vector<const http::Envelope*> envelopes() const = 0;
  // Makes sure a default account exists and returns the banner line(s) that show how to use it.
  virtual std::string dev_credentials() = 0;
};

std::vector<std::unique_ptr<Dialect>> make_all_dialects(Services& services);

}  // namespace filegate::dialects
