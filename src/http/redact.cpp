#include "http/redact.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "http/request_head.hpp"

namespace filegate::http {
namespace {

constexpr std::array<std::string_view, 9> kSecretParameters = {
    "access_token", "library_secret",  "app_secret",           "client_secret",   "q-signature",
    "signature",    "x-oss-signature", "x-cos-security-token", "x-amz-signature",
};

bool is_secret(std::string_view raw_name) {
  const auto decoded = query_decode(raw_name);
  const std::string_view name = decoded ? std::string_view(*decoded) : raw_name;
  return std::any_of(kSecretParameters.begin(), kSecretParameters.end(),
                     [&](std::string_view secret) { return core::text::iequals(name, secret); });
}

}  // namespace

std::span<const std::string_view> secret_query_parameters() { return kSecretParameters; }

std::string redact_target(std::string_view target) {
  const std::size_t question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  for (bool first = true;; first = false) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t equals = pair.find('=');
    if (!first) out += '&';
    if (equals != std::string_view::npos && is_secret(pair.substr(0, equals))) {
      out.append(pair.substr(0, equals + 1)).append("***");
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

}  // namespace filegate::http
