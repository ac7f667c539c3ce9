// Coze's JWT checks: base64url, the compact form's parts, RS256 signatures under a PEM public key, and the console's
// key fingerprint. Keys are made here with OpenSSL, so no key material lives in the repository.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "dialects/coze/jwt.hpp"

using namespace filegate::dialects::coze;

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key new_rsa_key() { return Key(EVP_RSA_gen(2048), &EVP_PKEY_free); }

std::string public_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

std::string sign_rs256(EVP_PKEY* key, const std::string& input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key);
  std::size_t length = 0;
  EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  std::string signature(length, '\0');
  EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  signature.resize(length);
  return signature;
}

std::string compact(EVP_PKEY* key, const std::string& header, const std::string& claims) {
  const std::string input = base64url_encode(header) + "." + base64url_encode(claims);
  return input + "." + base64url_encode(sign_rs256(key, input));
}

}  // namespace

TEST(CozeJwt, Base64UrlRoundTripsWithoutPaddingAndRefusesOtherCharacters) {
  for (const std::string& bytes : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                                   std::string("\xfb\xff\xfe", 3), std::string("any carnal pleas")}) {
    const std::string text = base64url_encode(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos) << text;
    EXPECT_EQ(base64url_decode(text), bytes);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("a+b/"));
  EXPECT_FALSE(base64url_decode("abc="));
  EXPECT_FALSE(base64url_decode("abcde")) << "no length leaves one character over";
}

TEST(CozeJwt, ASignatureVerifiesUnderItsKeyOnly) {
  const Key key = new_rsa_key();
  const Key other = new_rsa_key();
  const std::string token = compact(key.get(), R"({"alg":"RS256","typ":"JWT","kid":"k"})",
                                    R"({"iss":"1127900106117","aud":"api.coze.cn","iat":1,"exp":2,"jti":"j"})");
  const auto jwt = parse_jwt(token);
  ASSERT_TRUE(jwt);
  EXPECT_EQ(jwt->header.at("kid"), "k");
  EXPECT_EQ(jwt->claims.at("iss"), "1127900106117");
  EXPECT_TRUE(verify_rs256(*jwt, public_pem(key.get())));
  EXPECT_FALSE(verify_rs256(*jwt, public_pem(other.get())));
  EXPECT_FALSE(verify_rs256(*jwt, "not a key"));

  // Any change to what was signed breaks it.
  auto altered = *jwt;
  altered.signing_input[altered.signing_input.size() - 2] ^= 1;
  EXPECT_FALSE(verify_rs256(altered, public_pem(key.get())));
}

TEST(CozeJwt, OnlyThreeBase64UrlPartsWithJsonObjectsParse) {
  const std::string header = base64url_encode(R"({"alg":"RS256"})");
  const std::string claims = base64url_encode(R"({"iss":"1"})");
  EXPECT_TRUE(parse_jwt(header + "." + claims + ".c2ln"));
  EXPECT_FALSE(parse_jwt(header + "." + claims));
  EXPECT_FALSE(parse_jwt(header + "." + claims + ".c2ln.x"));
  EXPECT_FALSE(parse_jwt(header + "." + base64url_encode("[1]") + ".c2ln")) << "claims must be an object";
  EXPECT_FALSE(parse_jwt(header + ".%%%." + "c2ln"));
  EXPECT_FALSE(parse_jwt(""));
}

TEST(CozeJwt, TheFingerprintIsTheSha256OfTheDerPublicKey) {
  const Key key = new_rsa_key();
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key.get(), &der);
  unsigned char digest[32];
  EVP_Digest(der, static_cast<std::size_t>(length), digest, nullptr, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  EXPECT_EQ(rsa_public_key_fingerprint(public_pem(key.get())),
            base64url_encode(std::string(reinterpret_cast<const char*>(digest), sizeof digest)));
  EXPECT_FALSE(rsa_public_key_fingerprint("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
  const Key ec(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  EXPECT_FALSE(rsa_public_key_fingerprint(public_pem(ec.get()))) << "RS256 needs an RSA key";
}
