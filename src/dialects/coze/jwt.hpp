#pragma once
// The JSON Web Tokens of Coze's OAuth JWT flow (RFC 7519, compact JWS, RFC 7515): parsing the three base64url parts
// and checking an RS256 signature against an app's PEM public key, with OpenSSL. The claims' meaning (iss, aud, exp,
// jti) is the token endpoint's business (oauth_routes.cpp).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace filegate::dialects::coze {

struct Jwt {
  boost::json::object header;  // alg, typ, kid
  boost::json::object claims;  // iss, aud, iat, exp, jti, session_name
  std::string signing_input;   // "<header>.<payload>" as sent: what the signature covers
  std::string signature;       // raw bytes
};

// The token's parts; nullopt unless it is three base64url parts, the first two JSON objects.
std::optional<Jwt> parse_jwt(std::string_view compact);

// Whether `jwt.signature` is an RSASSA-PKCS1-v1_5 SHA-256 signature of its signing input under `public_key_pem`.
bool verify_rs256(const Jwt& jwt, std::string_view public_key_pem);

// The key's fingerprint, as the console shows it for a key pair (公钥指纹): base64url (no padding) of the SHA-256 of
// its DER SubjectPublicKeyInfo. nullopt when `public_key_pem` is not an RSA "BEGIN PUBLIC KEY" PEM.
std::optional<std::string> rsa_public_key_fingerprint(std::string_view public_key_pem);

// RFC 4648 §5 without padding; nullopt for any other character or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64url_encode(std::string_view bytes);

}  // namespace filegate::dialects::coze
