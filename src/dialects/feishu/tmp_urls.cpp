#include "dialects/feishu/tmp_urls.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "dialects/feishu/drive_rules.hpp"

namespace filegate::dialects::feishu {

std::string tmp_url_path(std::string_view file_token, std::string_view object_id) {
  return fmt::format("{}{}/{}", kDriveTmpUrlPrefix, file_token, object_id);
}

bool tmp_url_signature_valid(const core::UrlSigner& signer, std::string_view file_token, std::string_view object_id,
                             const std::optional<std::string>& expires, const std::optional<std::string>& signature) {
  const auto expires_s = expires ? core::text::parse_i64(*expires) : std::nullopt;
  return expires_s && *expires_s >= 0 && signature &&
         signer.check("GET", tmp_url_path(file_token, object_id), object_id, *expires_s, *signature) ==
             core::UrlSigner::Verdict::valid;
}

}  // namespace filegate::dialects::feishu
