#include "dialects/dialect.hpp"
#include "http/host_header.hpp"

namespace filegate::dialects {

std::string Services::base_url(const http::Exchange& exchange) const {
  if (!public_url.empty()) return public_url;
  const std::string_view host = exchange.request().header(bhttp::field::host);
  return http::is_plain_host(host) ? "http://" + std::string(host) : listen_url;
}

}  // namespace filegate::dialects
