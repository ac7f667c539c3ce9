#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/random_ids.hpp"
#include "core/rate_limiter.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"

using namespace filegate::core;
namespace fs = std::filesystem;

namespace {

class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = fs::temp_directory_path() / ("filegate-tokens-" + random_hex(6) + ".sqlite3");
    metadata_ = open_sqlite_metadata(file_);
  }
  void TearDown() override {
    metadata_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file_.string() + suffix);
  }
  fs::path file_;
  ManualClock clock_;
  std::unique_ptr<MetadataStore> metadata_;
};

}  // namespace

TEST_F(TokenServiceTest, TokenIsValidUntilItsExpiry) {
  TokenService tokens(*metadata_, clock_);
  const Token t = tokens.issue("k", "app1", 7200, "t-");
  EXPECT_EQ(t.value.rfind("t-", 0), 0u);
  EXPECT_EQ(t.value.size(), 42u);
  ASSERT_TRUE(tokens.find("k", t.value));
  EXPECT_EQ(tokens.find("k", t.value)->subject, "app1");
  clock_.advance_ms(7199 * 1000);
  EXPECT_TRUE(tokens.find("k", t.value));
  clock_.advance_ms(1000);
  EXPECT_FALSE(tokens.find("k", t.value)) << "a token must die at its expiry";
}

TEST_F(TokenServiceTest, KindsAreNotInterchangeable) {
  TokenService tokens(*metadata_, clock_);
  const Token t = tokens.issue("feishu.app", "app1", 60, "a-");
  EXPECT_FALSE(tokens.find("feishu.tenant", t.value));
  EXPECT_FALSE(tokens.find("feishu.app", t.value + "0"));
}

TEST_F(TokenServiceTest, LatestExtendAndRevoke) {
  TokenService tokens(*metadata_, clock_);
  const Token first = tokens.issue("k", "s", 100, "x-");
  const Token second = tokens.issue("k", "s", 100, "x-");
  EXPECT_EQ(tokens.latest("k", "s")->value, second.value);
  EXPECT_TRUE(tokens.find("k", first.value)) << "older tokens stay valid";
  clock_.advance_ms(90'000);
  EXPECT_TRUE(tokens.extend("k", second.value, 100));
  clock_.advance_ms(20'000);
  EXPECT_FALSE(tokens.find("k", first.value));
  EXPECT_TRUE(tokens.find("k", second.value)) << "extend must slide the expiry";
  tokens.revoke("k", second.value);
  EXPECT_FALSE(tokens.find("k", second.value));
  EXPECT_FALSE(tokens.extend("k", second.value, 100));
}

TEST_F(TokenServiceTest, TokensSurviveReopening) {
  const Token t = TokenService(*metadata_, clock_).issue("k", "s", 100, "t-");
  metadata_ = open_sqlite_metadata(file_);
  EXPECT_TRUE(TokenService(*metadata_, clock_).find("k", t.value));
}

TEST(UrlSigner, AcceptsTheSignedRequestUntilExpiry) {
  ManualClock clock(1'000'000);
  UrlSigner signer("secret", clock);
  const std::int64_t expires = clock.now_s() + 60;
  const std::string sig = signer.sign("GET", "/blob/obj1", "obj1", expires);
  EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj1", expires, sig), UrlSigner::Verdict::valid);
  clock.advance_ms(60'000);
  EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj1", expires, sig), UrlSigner::Verdict::expired);
}

// The signature is standard HMAC-SHA256 over the length-prefixed fields; the expected value comes from
// `printf '3:GET2:/p3:1003:obj' | openssl dgst -sha256 -hmac secret`. Repeated, and from two threads, because
// every signature starts from a copy of one shared keyed context.
TEST(UrlSigner, IsHmacSha256OfTheLengthPrefixedFields) {
  ManualClock clock(0);
  const UrlSigner signer("secret", clock);
  constexpr std::string_view expected = "fe09b92062ca2376788305677ec04e0ab6d3e63d793b94e605b80f585a681975";
  EXPECT_EQ(signer.sign("GET", "/p", "obj", 100), expected);
  std::thread other([&] {
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(signer.sign("GET", "/p", "obj", 100), expected);
  });
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(signer.sign("GET", "/p", "obj", 100), expected);
  other.join();
}

TEST(UrlSigner, FailsClosedOnAnyChange) {
  ManualClock clock(1'000'000);
  UrlSigner signer("secret", clock);
  const std::int64_t expires = clock.now_s() + 60;
  const std::string sig = signer.sign("GET", "/blob/obj1", "obj1", expires);
  using V = UrlSigner::Verdict;
  EXPECT_EQ(signer.check("PUT", "/blob/obj1", "obj1", expires, sig), V::forged);
  EXPECT_EQ(signer.check("GET", "/blob/obj2", "obj1", expires, sig), V::forged);
  EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj2", expires, sig), V::forged);
  EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj1", expires + 1, sig), V::forged);
  EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj1", expires, sig.substr(1)), V::forged);
  EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj1", expires, ""), V::forged);
  for (std::size_t i = 0; i < sig.size(); ++i) {
    std::string altered = sig;
    altered[i] = altered[i] == '0' ? '1' : '0';
    EXPECT_EQ(signer.check("GET", "/blob/obj1", "obj1", expires, altered), V::forged) << "byte " << i;
  }
  EXPECT_EQ(UrlSigner("other secret", clock).check("GET", "/blob/obj1", "obj1", expires, sig), V::forged);
}

TEST(UrlSigner, FieldBoundariesAreUnambiguous) {
  ManualClock clock;
  UrlSigner signer("secret", clock);
  EXPECT_NE(signer.sign("GET", "/a", "b/c", 10), signer.sign("GET", "/ab", "/c", 10));
}

TEST(RateLimiter, AllowsABurstUpToTheLimitThenRefuses) {
  ManualClock clock;
  RateLimiter limiter(clock);
  const std::vector<Quota> quotas = {{5, 1000}};
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.admit("app", quotas).allowed) << i;
  const RateDecision refused = limiter.admit("app", quotas);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 5u);
  EXPECT_GE(refused.reset_seconds, 1);
  EXPECT_TRUE(limiter.admit("another app", quotas).allowed) << "quotas are per key";
  clock.advance_ms(200);
  EXPECT_TRUE(limiter.admit("app", quotas).allowed) << "tokens refill at the sustained rate";
  EXPECT_FALSE(limiter.admit("app", quotas).allowed);
}

TEST(RateLimiter, TheTighterOfTwoQuotasDecidesAndRefusalConsumesNothing) {
  ManualClock clock;
  RateLimiter limiter(clock);
  const std::vector<Quota> quotas = {{50, 1000}, {60, 60'000}};
  int allowed = 0;
  for (int i = 0; i < 200; ++i) {
    allowed += limiter.admit("app", quotas).allowed ? 1 : 0;
    clock.advance_ms(100);
  }
  // Over 20 s: the per-minute quota (60 + 20 s of refill at 1/s) binds, not the per-second one.
  EXPECT_GE(allowed, 79);
  EXPECT_LE(allowed, 81);
}
