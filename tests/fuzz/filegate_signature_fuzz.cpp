// filegate's own signed URLs (core::UrlSigner), as Feishu Drive's temporary links carry them
// (<prefix><token>/<object>?expires=&signature=): a link filegate issued checks valid, and a link is valid only with
// the signature filegate computes for its token, object and expiry.
// Input lines: file token, object id, expires ("-" for none), signature ("-" for none).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "check.hpp"
#include "core/text.hpp"
#include "dialects/feishu/tmp_urls.hpp"
#include "fields.hpp"
#include "signer_fixture.hpp"

namespace feishu = filegate::dialects::feishu;
using filegate::fuzz::fuzz_signer;
using filegate::fuzz::kFuzzExpiry;

namespace {

std::optional<std::string> value_or_none(std::string_view line) {
  return line == "-" ? std::nullopt : std::optional<std::string>(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [token, object_id, expires_line, signature_line] = filegate::fuzz::split_fields<4>(data, size);
  const auto expires = value_or_none(expires_line);
  const auto signature = value_or_none(signature_line);
  const std::string path = feishu::tmp_url_path(token, object_id);

  const std::string issued = fuzz_signer().sign("GET", path, object_id, kFuzzExpiry);
  const std::string issued_expires = std::to_string(kFuzzExpiry);
  FUZZ_CHECK(feishu::tmp_url_signature_valid(fuzz_signer(), token, object_id, issued_expires, issued));

  if (feishu::tmp_url_signature_valid(fuzz_signer(), token, object_id, expires, signature)) {
    const auto seconds = filegate::core::text::parse_i64(*expires);
    FUZZ_CHECK(seconds && *seconds >= 0 && *signature == fuzz_signer().sign("GET", path, object_id, *seconds));
  }
  if (feishu::tmp_url_signature_valid(fuzz_signer(), token, object_id, expires, issued)) {
    FUZZ_CHECK(filegate::core::text::parse_i64(*expires) == kFuzzExpiry);
  }
  return 0;
}
