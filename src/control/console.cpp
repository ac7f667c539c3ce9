#include "control/console.hpp"

#include "control/admin_common.hpp"
#include "http/envelope.hpp"

namespace filegate::control {
namespace {

using http::bhttp::field;

constexpr std::string_view kBase = "/_filegate/console";
constexpr std::string_view kIndex = "index.html";

// The page talks to its own origin only: no script, style, image or connection from anywhere else, and no framing.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'";

// Whether an If-None-Match header lists `etag` (or is "*"). Weak validators compare equal here too (RFC 9110
// 13.1.2: If-None-Match uses the weak comparison).
bool none_match_lists(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
  }
  return false;
}

http::Exchange::StringResponse redirect_to_slash() {
  http::Exchange::StringResponse response{http::bhttp::status::moved_permanently, 11};
  // Relative, so it holds behind a proxy that serves filegate under a path prefix.
  response.set(field::location, "console/");
  return response;
}

}  // namespace

std::string console_etag(const ConsoleAsset& asset) { return "\"" + std::string(asset.sha256) + "\""; }

http::Exchange::StringResponse console_asset_response(const ConsoleAsset& asset, std::string_view if_none_match) {
  const std::string etag = console_etag(asset);
  const bool unchanged = none_match_lists(if_none_match, etag);
  http::Exchange::StringResponse response{unchanged ? http::bhttp::status::not_modified : http::bhttp::status::ok, 11};
  response.set(field::etag, etag);
  response.set(field::cache_control, "no-cache");
  if (!unchanged) {
    response.set(field::content_type, console_content_type(asset.name));
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Content-Security-Policy", kContentSecurityPolicy);
    response.set("Referrer-Policy", "no-referrer");
    response.body() = asset.bytes;
  }
  return response;
}

void Console::register_routes(http::Router& router) {
  const std::string base(kBase);
  router.scope(http::filegate_envelope(), {base})
      .add(http::bhttp::verb::get, base, "filegate.console.page",
           [](http::Exchange& exchange) -> http::awaitable<void> {
             const ConsoleAsset* index = find_console_asset(kIndex);
             if (!index) throw http::Refusal(kAdminNotFound, "the console was built without its page");
             auto response = exchange.request().path().ends_with('/')
                                 ? console_asset_response(*index, exchange.request().header(field::if_none_match))
                                 : redirect_to_slash();
             co_await exchange.respond(std::move(response));
           })
      .add(http::bhttp::verb::get, base + "/:file", "filegate.console.asset",
           [](http::Exchange& exchange) -> http::awaitable<void> {
             const ConsoleAsset* asset = find_console_asset(exchange.param("file"));
             if (!asset) throw http::Refusal(kAdminNotFound, "no such console file");
             auto response = console_asset_response(*asset, exchange.request().header(field::if_none_match));
             co_await exchange.respond(std::move(response));
           });
}

}  // namespace filegate::control
