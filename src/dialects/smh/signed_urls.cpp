#include "dialects/smh/signed_urls.hpp"

#include <fmt/format.h>

#include <optional>

#include "core/text.hpp"

namespace filegate::dialects::smh {
namespace {

using Verdict = core::UrlSigner::Verdict;

// The value of `name=` in an '&'-separated list, or "".
std::string_view field(std::string_view list, std::string_view name) {
  while (!list.empty()) {
    const std::size_t amp = list.find('&');
    const std::string_view pair = list.substr(0, amp);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (amp == std::string_view::npos) break;
    list = list.substr(amp + 1);
  }
  return {};
}

}  // namespace

std::string host_of(std::string_view base_url) {
  if (const std::size_t scheme = base_url.find("://"); scheme != std::string_view::npos) {
    base_url = base_url.substr(scheme + 3);
  }
  return std::string(base_url.substr(0, base_url.find('/')));
}

std::string path_of(std::string_view base_url) {
  if (const std::size_t scheme = base_url.find("://"); scheme != std::string_view::npos) {
    base_url = base_url.substr(scheme + 3);
  }
  const std::size_t slash = base_url.find('/');
  std::string_view path = slash == std::string_view::npos ? std::string_view() : base_url.substr(slash);
  while (path.ends_with('/')) path.remove_suffix(1);
  return std::string(path);
}

std::string upload_path(std::string_view confirm_key) { return "/smh-cos/upload/" + std::string(confirm_key); }

namespace {

// COS's q-sign-* shape around a core::UrlSigner signature of a PUT to `path`, for `key`.
std::string authorization_for(const core::UrlSigner& signer, const std::string& path, std::string_view key,
                              std::int64_t expires_s) {
  const std::string signature = signer.sign("PUT", path, key, expires_s);
  return "q-sign-algorithm=sha256&q-key-time=" + std::to_string(signer.clock().now_s()) + ";" +
         std::to_string(expires_s) + "&q-signature=" + signature;
}

Verdict check_authorization(const core::UrlSigner& signer, const std::string& path, std::string_view key,
                            std::string_view authorization) {
  const std::string_view key_time = field(authorization, "q-key-time");
  const std::size_t semicolon = key_time.find(';');
  const auto expires =
      semicolon == std::string_view::npos ? std::nullopt : core::text::parse_i64(key_time.substr(semicolon + 1));
  if (!expires) return Verdict::forged;
  return signer.check("PUT", path, key, *expires, field(authorization, "q-signature"));
}

// What a part's signature covers besides the path: the upload, its uploadId and the part number, as sent.
std::string part_key(std::string_view confirm_key, std::string_view upload_id, std::string_view part_number) {
  return std::string(confirm_key) + "/" + std::string(upload_id) + "/" + std::string(part_number);
}

}  // namespace

std::string upload_authorization(const core::UrlSigner& signer, std::string_view confirm_key, std::int64_t expires_s) {
  return authorization_for(signer, upload_path(confirm_key), confirm_key, expires_s);
}

Verdict check_upload_authorization(const core::UrlSigner& signer, std::string_view confirm_key,
                                   std::string_view authorization) {
  return check_authorization(signer, upload_path(confirm_key), confirm_key, authorization);
}

std::string part_authorization(const core::UrlSigner& signer, std::string_view confirm_key, std::string_view upload_id,
                               std::uint64_t part_number, std::int64_t expires_s) {
  return authorization_for(signer, upload_path(confirm_key),
                           part_key(confirm_key, upload_id, std::to_string(part_number)), expires_s);
}

Verdict check_part_authorization(const core::UrlSigner& signer, std::string_view confirm_key,
                                 std::string_view upload_id, std::string_view part_number,
                                 std::string_view authorization) {
  return check_authorization(signer, upload_path(confirm_key), part_key(confirm_key, upload_id, part_number),
                             authorization);
}

std::string download_key(std::string_view library_id, std::string_view space_id, std::string_view file_uid,
                         std::int64_t history_id, std::string_view object_id) {
  return fmt::format("{}/{}/{}/{}/{}", library_id, space_id, file_uid, history_id, object_id);
}

std::string download_path(std::string_view key) { return "/smh-cos/blob/" + std::string(key); }

std::string download_url(const core::UrlSigner& signer, std::string_view base_url, std::string_view key,
                         std::int64_t expires_s) {
  const std::string path = download_path(key);
  return fmt::format("{}{}?q-expires={}&q-signature={}", base_url, path, expires_s,
                     signer.sign("GET", path, key, expires_s));
}

Verdict check_download(const core::UrlSigner& signer, std::string_view key, std::string_view expires,
                       std::string_view signature) {
  const auto expires_s = core::text::parse_i64(expires);
  if (!expires_s) return Verdict::forged;
  return signer.check("GET", download_path(key), key, *expires_s, signature);
}

}  // namespace filegate::dialects::smh
