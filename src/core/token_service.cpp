#include "core/token_service.hpp"

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"

namespace filegate::core {
namespace {

constexpr std::string_view kTokens = "core.token";
constexpr std::string_view kLatest = "core.token_latest";

std::string latest_key(const std::string& kind, const std::string& subject) { return kind + "\n" + subject; }

// The writes that record `t` as its subject's latest token. A new random value that is taken is an error (create), a
// fixed value replaces what it held (put).
WriteBatch token_writes(const Token& t, bool replace) {
  WriteBatch writes;
  if (replace) {
    writes.put(kTokens, t.value, to_record(t));
  } else {
    writes.create(kTokens, t.value, to_record(t));
  }
  writes.put(kLatest, latest_key(t.kind, t.subject), {{"value", t.value}});
  return writes;
}

}  // namespace

Token TokenService::issue(const std::string& kind, const std::string& subject, std::int64_t ttl_seconds,
                          const std::string& prefix, boost::json::object attributes) {
  Token t{prefix + random_hex(20), kind, subject, clock_.now_ms() + ttl_seconds * 1000, std::move(attributes)};
  metadata_.commit(token_writes(t, /*replace=*/false));
  return t;
}

Token TokenService::put(const std::string& kind, const std::string& subject, std::int64_t ttl_seconds,
                        const std::string& value, boost::json::object attributes) {
  Token t{value, kind, subject, clock_.now_ms() + ttl_seconds * 1000, std::move(attributes)};
  metadata_.commit(token_writes(t, /*replace=*/true));
  return t;
}

std::optional<Token> TokenService::latest(const std::string& kind, const std::string& subject) const {
  auto pointer = metadata_.record(kLatest, latest_key(kind, subject));
  if (!pointer) return std::nullopt;
  return find(kind, std::string(pointer->at("value").as_string()));
}

std::optional<Token> TokenService::find(const std::string& kind, const std::string& value) const {
  auto j = metadata_.record(kTokens, value);
  if (!j) return std::nullopt;
  Token t = from_record(*j, &Token::value, value);
  if (t.kind != kind || t.expires_at_ms <= clock_.now_ms()) return std::nullopt;
  return t;
}

bool TokenService::extend(const std::string& kind, const std::string& value, std::int64_t ttl_seconds) {
  auto t = find(kind, value);
  if (!t) return false;
  t->expires_at_ms = clock_.now_ms() + ttl_seconds * 1000;
  metadata_.commit(WriteBatch().put(kTokens, value, to_record(*t)));
  return true;
}

void TokenService::revoke(const std::string& kind, const std::string& value) {
  if (!find(kind, value)) return;
  metadata_.commit(WriteBatch().erase(kTokens, value));
}

TokenService::Spent TokenService::spend(const std::string& kind, const std::string& value) {
  auto j = metadata_.record(kTokens, value);
  if (!j) return {};
  Token t = from_record(*j, &Token::value, value);
  if (t.kind != kind) return {};
  try {
    metadata_.commit(WriteBatch().consume(kTokens, value));
  } catch (const RecordMissing&) {
    return {};  // another spend got it first
  }
  if (t.expires_at_ms <= clock_.now_ms()) return {std::nullopt, true};
  return {std::move(t), false};
}

WriteBatch TokenService::subject_revocation(const std::string& kind, const std::string& subject) const {
  WriteBatch writes;
  metadata_.erase_matching(writes, kTokens, {}, [&](const std::string&, const boost::json::object& token) {
    return record_fields::str(token, "kind") == kind && record_fields::str(token, "subject") == subject;
  });
  writes.erase(kLatest, latest_key(kind, subject));
  return writes;
}

}  // namespace filegate::core
