// SMH's COS-style signatures: the q-sign-* Authorization of an upload PUT and of each multipart part, and the
// q-expires/q-signature of a download URL. What filegate issued checks valid; a part's Authorization opens that one
// part only; an Authorization is valid only with the algorithm filegate signs with.
// Input lines: confirm key (or download key), uploadId, partNumber, q-expires, q-signature, Authorization.
#include <cstddef>
#include <cstdint>
#include <string>

#include "check.hpp"
#include "core/text.hpp"
#include "dialects/smh/signed_urls.hpp"
#include "fields.hpp"
#include "signer_fixture.hpp"

namespace smh = filegate::dialects::smh;
using filegate::fuzz::fuzz_signer;
using filegate::fuzz::kFuzzExpiry;
using Verdict = filegate::core::UrlSigner::Verdict;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [key, upload_id, part_number, expires, signature, authorization] =
      filegate::fuzz::split_fields<6>(data, size);

  const std::string issued = smh::upload_authorization(fuzz_signer(), key, kFuzzExpiry);
  FUZZ_CHECK(smh::check_upload_authorization(fuzz_signer(), key, issued) == Verdict::valid);
  if (smh::check_upload_authorization(fuzz_signer(), key, authorization) == Verdict::valid) {
    FUZZ_CHECK(authorization.find("q-sign-algorithm=sha256") != std::string::npos);
  }

  const std::string part = smh::part_authorization(fuzz_signer(), key, upload_id, 7, kFuzzExpiry);
  FUZZ_CHECK(smh::check_part_authorization(fuzz_signer(), key, upload_id, "7", part) == Verdict::valid);
  if (part_number != "7") {
    FUZZ_CHECK(smh::check_part_authorization(fuzz_signer(), key, upload_id, part_number, part) != Verdict::valid);
  }
  FUZZ_CHECK(smh::check_upload_authorization(fuzz_signer(), key, part) != Verdict::valid);
  static_cast<void>(smh::check_part_authorization(fuzz_signer(), key, upload_id, part_number, authorization));

  if (smh::check_download(fuzz_signer(), key, expires, signature) == Verdict::valid) {
    const auto seconds = filegate::core::text::parse_i64(expires);
    FUZZ_CHECK(seconds && signature == fuzz_signer().sign("GET", smh::download_path(key), key, *seconds));
  }
  static_cast<void>(smh::host_of(authorization));
  static_cast<void>(smh::path_of(authorization));
  return 0;
}
