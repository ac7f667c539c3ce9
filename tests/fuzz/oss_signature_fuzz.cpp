// DingTalk's OSS-style header signatures (Authorization: OSS filegate:<hex>, x-oss-date, ?Expires=): a slot filegate
// signed checks valid, and a request whose date or Authorization differ from the slot's is never valid.
// Input lines: method, path, Expires ("-" for none), Authorization, x-oss-date.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "check.hpp"
#include "dialects/dingtalk/signed_slot.hpp"
#include "fields.hpp"
#include "signer_fixture.hpp"

namespace dingtalk = filegate::dialects::dingtalk;
using filegate::fuzz::fuzz_signer;
using Verdict = dingtalk::SlotVerdict;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Named copies of the views, not structured bindings: clang 14 cannot capture those in a lambda.
  const auto fields = filegate::fuzz::split_fields<5>(data, size);
  const std::string_view method = fields[0];
  const std::string_view path = fields[1];
  const std::string_view expires_line = fields[2];
  const std::string_view authorization = fields[3];
  const std::string_view oss_date = fields[4];
  const std::optional<std::string> expires =
      expires_line == "-" ? std::nullopt : std::optional<std::string>(expires_line);
  const auto check = [&](const std::optional<std::string>& e, std::string_view a, std::string_view d) {
    return dingtalk::check_slot(fuzz_signer(), method, path, e, a, d);
  };

  // The slot filegate issues for this method and path, and the fuzzer's request against it.
  const dingtalk::SignedSlot slot = dingtalk::sign_slot(fuzz_signer(), method, "http://127.0.0.1:1", path, 3600);
  const std::string slot_expires = std::to_string(slot.expires_at_s);
  FUZZ_CHECK(check(slot_expires, slot.authorization, slot.oss_date) == Verdict::valid);
  if (check(expires, authorization, oss_date) == Verdict::valid) {
    FUZZ_CHECK(authorization == slot.authorization && oss_date == slot.oss_date);
  }
  if (check(slot_expires, slot.authorization, oss_date) == Verdict::valid) FUZZ_CHECK(oss_date == slot.oss_date);
  if (check(slot_expires, authorization, slot.oss_date) == Verdict::valid) {
    FUZZ_CHECK(authorization == slot.authorization);
  }
  if (authorization.empty() || oss_date.empty() || !expires) {
    FUZZ_CHECK(check(expires, authorization, oss_date) == Verdict::unsigned_request);
  }
  return 0;
}
