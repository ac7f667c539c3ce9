#pragma once
// Drive's temporary download links: filegate URLs <prefix><file_token>/<object_id>?expires=<unix s>&signature=<hex>,
// a core::UrlSigner signature over (GET, path, object id, expiry). Checking one is a pure function of the request's
// values (the fuzzers call it).
#include <optional>
#include <string>
#include <string_view>

#include "core/url_signer.hpp"

namespace filegate::dialects::feishu {

std::string tmp_url_path(std::string_view file_token, std::string_view object_id);

// Whether the link's `expires` and `signature` query values (nullopt when absent), as received, sign this token and
// object until a time that has not passed. An expiry that is not a non-negative decimal number never does.
bool tmp_url_signature_valid(const core::UrlSigner& signer, std::string_view file_token, std::string_view object_id,
                             const std::optional<std::string>& expires, const std::optional<std::string>& signature);

}  // namespace filegate::dialects::feishu
