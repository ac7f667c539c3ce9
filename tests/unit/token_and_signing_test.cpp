#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

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

TEST_F(TokenServiceTest, ASingleUseTokenIsSpentOnceAndAnExpiredOneSaysSo) {
  TokenService tokens(*metadata_, clock_);
  const Token code = tokens.issue("code", "app1", 300, "");
  EXPECT_FALSE(tokens.spend("other kind", code.value).token) << "kinds stay apart when spending too";
  const TokenService::Spent first = tokens.spend("code", code.value);
  ASSERT_TRUE(first.token);
  EXPECT_EQ(first.token->subject, "app1");
  const TokenService::Spent again = tokens.spend("code", code.value);
  EXPECT_FALSE(again.token) << "a code can be used once";
  EXPECT_FALSE(again.expired) << "a spent code is unknown, not expired";

  const Token late = tokens.issue("code", "app1", 300, "");
  clock_.advance_ms(300'000);
  const TokenService::Spent expired = tokens.spend("code", late.value);
  EXPECT_FALSE(expired.token);
  EXPECT_TRUE(expired.expired);
  EXPECT_FALSE(tokens.spend("code", late.value).expired) << "an expired code is gone once reported";
}

TEST_F(TokenServiceTest, OfConcurrentSpendsOfOneTokenExactlyOneWins) {
  TokenService tokens(*metadata_, clock_);
  for (int round = 0; round < 20; ++round) {
    const Token code = tokens.issue("code", "app1", 300, "");
    std::atomic<int> winners = 0;
    std::vector<std::thread> spenders;
    spenders.reserve(4);
    for (int i = 0; i < 4; ++i) {
      spenders.emplace_back([&] { winners += tokens.spend("code", code.value).token ? 1 : 0; });
    }
    for (auto& spender : spenders) spender.join();
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
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

TEST(RateLimiter, ACalendarQuotaComesBackWholeWhenTheDayTurnsInItsZone) {
  // 2023-11-14 15:59:00 UTC is 23:59 in UTC+8: one minute before the platform's midnight.
  ManualClock clock(1'699'977'540'000);
  RateLimiter limiter(clock, std::chrono::hours(8));
  const std::vector<Quota> daily = {{3, 86'400'000, true}};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.admit("app", daily).allowed) << i;
  const RateDecision refused = limiter.admit("app", daily);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reset_seconds, 60) << "until midnight in UTC+8, not a sliding refill";
  clock.advance_ms(59'000);
  EXPECT_FALSE(limiter.admit("app", daily).allowed) << "nothing trickles back within the day";
  clock.advance_ms(1'000);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.admit("app", daily).allowed) << "a new day: " << i;
  EXPECT_FALSE(limiter.admit("app", daily).allowed);
}

TEST(RateLimiter, ACalendarDayEndsAtMidnightOfTheLimitersZoneNotUtc) {
  ManualClock clock(1'699'977'540'000);  // 15:59 UTC
  RateLimiter utc(clock);
  const std::vector<Quota> daily = {{1, 86'400'000, true}};
  EXPECT_TRUE(utc.admit("app", daily).allowed);
  EXPECT_EQ(utc.admit("app", daily).reset_seconds, 8 * 3600 + 60) << "UTC's midnight is 8 h later";
  clock.advance_ms(60'000);
  EXPECT_FALSE(utc.admit("app", daily).allowed) << "16:00 UTC is still the same UTC day";
}
