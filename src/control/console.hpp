#pragma once
// The web console (README, "Web console"): a static page at /_filegate/console/ that shows and steers a running
// filegate through the admin API. The files themselves need no token (the page asks for it and sends it with every
// admin call); they are built into the binary (console_assets.hpp).
#include <string_view>

#include "control/console_assets.hpp"
#include "http/router.hpp"

namespace filegate::control {

class Console {
 public:
  // GET /_filegate/console (a redirect to the slash form, so the page's relative URLs resolve), GET
  // /_filegate/console/ (the page) and GET /_filegate/console/{file}; unknown files answer filegate's 404.
  void register_routes(http::Router& router);
};

// The response for one asset: 200 with its bytes, or 304 when `if_none_match` (the request's If-None-Match) names
// its ETag. Every answer carries the ETag and asks the browser to revalidate (a new binary may bring new files).
http::Exchange::StringResponse console_asset_response(const ConsoleAsset& asset, std::string_view if_none_match);

// The ETag of an asset: its SHA-256, quoted.
std::string console_etag(const ConsoleAsset& asset);

}  // namespace filegate::control
