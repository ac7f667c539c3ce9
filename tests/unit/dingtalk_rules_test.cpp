// DingTalk's pure rules: AUTO_RENAME names, extensions, name validity, list page tokens, and the signed slots
// (which must refuse a missing, altered or expired signature).
#include <gtest/gtest.h>

#include <vector>

#include "core/clock.hpp"
#include "core/url_signer.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "dialects/dingtalk/signed_slot.hpp"

using namespace filegate::dialects::dingtalk;

TEST(DingTalkNaming, AutoRenameKeepsTheExtension) {
  EXPECT_EQ(auto_renamed("report.pdf", 1), "report(1).pdf");
  EXPECT_EQ(auto_renamed("report.pdf", 12), "report(12).pdf");
  EXPECT_EQ(auto_renamed("archive.tar.gz", 2), "archive.tar(2).gz");
  EXPECT_EQ(auto_renamed("notes", 1), "notes(1)");
  EXPECT_EQ(auto_renamed(".env", 1), ".env(1)");
  EXPECT_EQ(auto_renamed("trailing.", 3), "trailing.(3)");
}

TEST(DingTalkNaming, Extension) {
  EXPECT_EQ(extension_of("a.PDF"), "pdf");
  EXPECT_EQ(extension_of("a.tar.gz"), "gz");
  EXPECT_EQ(extension_of("README"), "");
  EXPECT_EQ(extension_of(".bashrc"), "");
  EXPECT_EQ(extension_of("a."), "");
  EXPECT_EQ(category_of("pdf"), "DOCUMENT");
  EXPECT_EQ(category_of("png"), "IMAGE");
  EXPECT_EQ(category_of("bin"), "OTHERS");
}

TEST(DingTalkNaming, NameValidity) {
  EXPECT_TRUE(is_valid_name("季度报告 v2.xlsx"));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name("."));
  EXPECT_FALSE(is_valid_name(".."));
  EXPECT_FALSE(is_valid_name("a/b"));
  EXPECT_FALSE(is_valid_name("a*b"));
  EXPECT_FALSE(is_valid_name("tab\there"));
  EXPECT_FALSE(is_valid_name(std::string(256, 'x')));
}

TEST(DingTalkNaming, PageTokensRoundTrip) {
  for (const std::string& name :
       std::vector<std::string>{"a", "file-0.txt", "季度 (1).pdf", std::string("\x00\xff", 2)}) {
    const std::string token = encode_page_token(name);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(decode_page_token(token), name);
  }
  EXPECT_FALSE(decode_page_token(""));
  EXPECT_FALSE(decode_page_token("abc"));
  EXPECT_FALSE(decode_page_token("zz"));
  EXPECT_EQ(decode_page_token("AB"), std::string("\xab")) << "core::text::from_hex takes either case";
}

// An app's corpId is DingTalk-shaped, the same on every call (every start and node), and another app's differs; it
// can never be mistaken for a space id (recycle-bin ids are one or the other).
TEST(DingTalkNaming, CorpIdIsStablePerAppAndNeverNumeric) {
  const std::string corp = corp_id_of("dingq1x8v0c4k2m7z5w3");
  EXPECT_EQ(corp.size(), 36u);
  EXPECT_TRUE(corp.starts_with("ding"));
  EXPECT_EQ(corp.find_first_not_of("0123456789abcdef", 4), std::string::npos);
  EXPECT_EQ(corp, corp_id_of("dingq1x8v0c4k2m7z5w3"));
  EXPECT_NE(corp, corp_id_of("dingq1x8v0c4k2m7z5w4"));
  EXPECT_FALSE(is_numeric_id(corp));
}

TEST(DingTalkSignedSlot, ValidUntilExpiryThenExpired) {
  filegate::core::ManualClock clock;
  filegate::core::UrlSigner signer("secret", clock);
  const SignedSlot slot = sign_slot(signer, "GET", "http://127.0.0.1:1", "/_filegate/dingtalk/download/obj1", 900);
  EXPECT_EQ(slot.url,
            "http://127.0.0.1:1/_filegate/dingtalk/download/obj1?Expires=" + std::to_string(slot.expires_at_s));
  EXPECT_TRUE(slot.authorization.starts_with("OSS filegate:"));
  EXPECT_TRUE(slot.oss_date.ends_with(" GMT"));
  const std::optional<std::string> expires = std::to_string(slot.expires_at_s);
  const std::string path = "/_filegate/dingtalk/download/obj1";
  EXPECT_EQ(check_slot(signer, "GET", path, expires, slot.authorization, slot.oss_date), SlotVerdict::valid);
  clock.advance_ms(899'000);
  EXPECT_EQ(check_slot(signer, "GET", path, expires, slot.authorization, slot.oss_date), SlotVerdict::valid);
  clock.advance_ms(1'000);
  EXPECT_EQ(check_slot(signer, "GET", path, expires, slot.authorization, slot.oss_date), SlotVerdict::expired);
}

TEST(DingTalkSignedSlot, AnyChangeIsForgeryAndMissingHeadersAreUnsigned) {
  filegate::core::ManualClock clock;
  filegate::core::UrlSigner signer("secret", clock);
  const std::string path = "/_filegate/dingtalk/upload/upk_1";
  const SignedSlot slot = sign_slot(signer, "PUT", "http://h", path, 900);
  const std::optional<std::string> expires = std::to_string(slot.expires_at_s);
  const std::optional<std::string> later = std::to_string(slot.expires_at_s + 1);
  std::string flipped = slot.authorization;
  flipped.back() = flipped.back() == '0' ? '1' : '0';

  EXPECT_EQ(check_slot(signer, "PUT", path, std::nullopt, slot.authorization, slot.oss_date),
            SlotVerdict::unsigned_request);
  EXPECT_EQ(check_slot(signer, "PUT", path, expires, "", slot.oss_date), SlotVerdict::unsigned_request);
  EXPECT_EQ(check_slot(signer, "PUT", path, expires, slot.authorization, ""), SlotVerdict::unsigned_request);
  EXPECT_EQ(check_slot(signer, "PUT", path, expires, flipped, slot.oss_date), SlotVerdict::forged);
  EXPECT_EQ(check_slot(signer, "PUT", path, later, slot.authorization, slot.oss_date), SlotVerdict::forged);
  EXPECT_EQ(check_slot(signer, "PUT", path, expires, slot.authorization, "Thu, 01 Jan 2099 00:00:00 GMT"),
            SlotVerdict::forged);
  EXPECT_EQ(check_slot(signer, "GET", path, expires, slot.authorization, slot.oss_date), SlotVerdict::forged);
  EXPECT_EQ(check_slot(signer, "PUT", path + "x", expires, slot.authorization, slot.oss_date), SlotVerdict::forged);
  EXPECT_EQ(check_slot(signer, "PUT", path, std::optional<std::string>("12x"), slot.authorization, slot.oss_date),
            SlotVerdict::forged);
}

TEST(DingTalkSignedSlot, TheDateHeaderIsAnHttpDate) {
  filegate::core::ManualClock clock;
  filegate::core::UrlSigner signer("secret", clock);
  const SignedSlot slot = sign_slot(signer, "GET", "http://h", "/p", 60);
  EXPECT_TRUE(slot.oss_date.ends_with(" GMT")) << slot.oss_date;
  EXPECT_EQ(slot.oss_date.size(), std::string("Thu, 01 Jan 1970 00:00:00 GMT").size()) << slot.oss_date;
}
