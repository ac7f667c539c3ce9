#pragma once
// Bearer tokens for every dialect: issued for a subject (an app, a library user, ...), looked up on each request,
// dead after their expiry. Persisted as records, so a restart does not log clients out; lookups hit the cache.
#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/metadata_store.hpp"

namespace filegate::core {

struct Token {
  std::string value;
  std::string kind;     // e.g. "feishu.tenant": tokens of one kind are never accepted as another
  std::string subject;  // who the token speaks for
  std::int64_t expires_at_ms = 0;
  boost::json::object attributes;  // dialect-specific claims (space, grants, ...)
};
BOOST_DESCRIBE_STRUCT(Token, (), (kind, subject, expires_at_ms, attributes))  // stored under its value

class TokenService {
 public:
  TokenService(MetadataStore& metadata, const Clock& clock) : metadata_(metadata), clock_(clock) {}

  // A new token `prefix` + 40 random hex digits, valid for ttl_seconds from now.
  Token issue(const std::string& kind, const std::string& subject, std::int64_t ttl_seconds, const std::string& prefix,
              boost::json::object attributes = {});

  // A token with exactly this value (fixtures: credentials fixed in advance); it replaces one of the same value.
  Token put(const std::string& kind, const std::string& subject, std::int64_t ttl_seconds, const std::string& value,
            boost::json::object attributes = {});

  // The most recently issued token of this kind for this subject, if still valid.
  std::optional<Token> latest(const std::string& kind, const std::string& subject) const;

  // The token if it exists, is of `kind` and has not expired.
  std::optional<Token> find(const std::string& kind, const std::string& value) const;

  // Moves the expiry (sliding sessions); returns false if the token is unknown or already dead.
  bool extend(const std::string& kind, const std::string& value, std::int64_t ttl_seconds);
  void revoke(const std::string& kind, const std::string& value);

  // What spending a single-use token found: the token (now gone), or why not.
  struct Spent {
    std::optional<Token> token;
    bool expired = false;  // it exists but its time is up (it is gone too); false: unknown, already spent, other kind
  };
  // Spends a single-use token (an OAuth code, a refresh token): of two concurrent spends only one gets it, also when
  // they run in two processes over one metadata store.
  Spent spend(const std::string& kind, const std::string& value);
  // The writes that revoke every token of `kind` issued to `subject` (an account being deleted), for the caller to
  // commit with the rest of that deletion. Tokens are keyed by value, so this scans them all: an admin operation.
  WriteBatch subject_revocation(const std::string& kind, const std::string& subject) const;

  std::int64_t remaining_seconds(const Token& t) const { return (t.expires_at_ms - clock_.now_ms()) / 1000; }

 private:
  MetadataStore& metadata_;
  const Clock& clock_;
};

}  // namespace filegate::core
