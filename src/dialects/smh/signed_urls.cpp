#include "dialects/smh/signed_urls.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

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

// The algorithm the Authorization names: core::UrlSigner signs with HMAC-SHA256.
constexpr std::string_view kSignAlgorithm = "sha256";

// What the signature covers besides the path: the key and, as COS signs its whole q-key-time, the key time's start
// (its end is the signer's expiry). A start moved either way no longer matches.
std::string signed_key(std::string_view key, std::int64_t starts_s) {
  return std::string(key) + ";" + std::to_string(starts_s);
}

// COS's q-sign-* shape around a core::UrlSigner signature of a PUT to `path`, for `key`, from now until `expires_s`.
std::string authorization_for(const core::UrlSigner& signer, const std::string& path, std::string_view key,
                              std::int64_t expires_s) {
  const std::int64_t starts_s = signer.clock().now_s();
  const std::string signature = signer.sign("PUT", path, signed_key(key, starts_s), expires_s);
  return fmt::format("q-sign-algorithm={}&q-key-time={};{}&q-signature={}", kSignAlgorithm, starts_s, expires_s,
                     signature);
}

// Every part of the header is checked, as COS does. Another algorithm or a changed key time does not match the
// signature: COS answers SignatureDoesNotMatch when a signature was not computed its way. A key time that has not
// begun yet is what COS answers "Request has expired" (AccessDenied) to, like one that has ended: its SDKs read that
// as clock skew. Forgery first, so that an altered request never reads as merely early or late.
Verdict check_authorization(const core::UrlSigner& signer, const std::string& path, std::string_view key,
                            std::string_view authorization) {
  if (field(authorization, "q-sign-algorithm") != kSignAlgorithm) return Verdict::forged;
  const std::string_view key_time = field(authorization, "q-key-time");
  const std::size_t semicolon = key_time.find(';');
  if (semicolon == std::string_view::npos) return Verdict::forged;
  const auto starts = core::text::parse_i64(key_time.substr(0, semicolon));
  const auto expires = core::text::parse_i64(key_time.substr(semicolon + 1));
  if (!starts || !expires) return Verdict::forged;
  const Verdict verdict =
      signer.check("PUT", path, signed_key(key, *starts), *expires, field(authorization, "q-signature"));
  if (verdict == Verdict::valid && signer.clock().now_s() < *starts) return Verdict::expired;
  return verdict;
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

namespace {

constexpr std::string_view kFormKeyPrefix = "upload/";
// The fields a form's q-signature covers besides its key time, in this order.
constexpr std::string_view kSignedFormFields[] = {"key",  "acl",   "Content-Type", "x-cos-security-token",
                                                  "q-ak", "policy"};
constexpr std::string_view kAccessKey = "filegate";  // q-ak: COS's SecretId; filegate signs with its own secret

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// COS's policy document: the expiry and one exact-match condition per field.
std::string form_policy(const std::vector<FormField>& fields, std::int64_t expires_s) {
  boost::json::array conditions;
  for (const FormField& field : fields) {
    boost::json::object condition;
    condition[field.name] = field.value;
    conditions.push_back(std::move(condition));
  }
  boost::json::object policy;
  policy["expiration"] = core::text::iso8601_utc(expires_s * 1000, core::text::TimePrecision::milliseconds);
  policy["conditions"] = std::move(conditions);
  return base64(boost::json::serialize(policy));
}

std::string field_value(const std::map<std::string, std::string>& fields, std::string_view name) {
  const auto it = fields.find(std::string(name));
  return it == fields.end() ? std::string() : it->second;
}

// Each value length-prefixed, so that no bytes can move from one field to the next under the same signature.
std::string signed_form(const std::map<std::string, std::string>& fields, std::int64_t starts_s) {
  std::string material;
  for (const std::string_view name : kSignedFormFields) {
    const std::string value = field_value(fields, name);
    material += fmt::format("{}:{}", value.size(), value);
  }
  return signed_key(material, starts_s);
}

}  // namespace

std::string form_path() { return "/smh-cos/"; }

std::vector<FormField> form_fields(const core::UrlSigner& signer, std::string_view confirm_key,
                                   std::string_view content_type, std::int64_t expires_s) {
  const std::int64_t starts_s = signer.clock().now_s();
  std::vector<FormField> fields{{"key", std::string(kFormKeyPrefix) + std::string(confirm_key)},
                                {"acl", "default"},
                                {"Content-Type", std::string(content_type)},
                                // COS's temporary credentials; filegate's signature needs none.
                                {"x-cos-security-token", ""},
                                {"q-sign-algorithm", std::string(kSignAlgorithm)},
                                {"q-ak", std::string(kAccessKey)},
                                {"q-key-time", fmt::format("{};{}", starts_s, expires_s)}};
  fields.push_back({"policy", form_policy(fields, expires_s)});
  std::map<std::string, std::string> signed_fields;
  for (const FormField& field : fields) signed_fields[field.name] = field.value;
  fields.push_back({"q-signature", signer.sign("POST", form_path(), signed_form(signed_fields, starts_s), expires_s)});
  return fields;
}

FormVerdict check_form_fields(const core::UrlSigner& signer, const std::map<std::string, std::string>& fields) {
  const std::string key = field_value(fields, "key");
  FormVerdict out{Verdict::forged, key.starts_with(kFormKeyPrefix) ? key.substr(kFormKeyPrefix.size()) : ""};
  if (field_value(fields, "q-sign-algorithm") != kSignAlgorithm) return out;
  const std::string key_time = field_value(fields, "q-key-time");
  const std::size_t semicolon = key_time.find(';');
  if (semicolon == std::string::npos) return out;
  const auto starts = core::text::parse_i64(std::string_view(key_time).substr(0, semicolon));
  const auto expires = core::text::parse_i64(std::string_view(key_time).substr(semicolon + 1));
  if (!starts || !expires) return out;
  out.verdict =
      signer.check("POST", form_path(), signed_form(fields, *starts), *expires, field_value(fields, "q-signature"));
  if (out.verdict == Verdict::valid && signer.clock().now_s() < *starts) out.verdict = Verdict::expired;
  return out;
}

std::string download_key(std::string_view library_id, std::string_view space_id, std::string_view file_uid,
                         std::int64_t history_id, std::string_view object_id) {
  return fmt::format("{}/{}/{}/{}/{}", library_id, space_id, file_uid, history_id, object_id);
}

std::string download_path(std::string_view key) { return "/smh-cos/blob/" + std::string(key); }

namespace {
// What a download signature covers besides the method and path: the key, and the disposition when it is asked for.
std::string signed_download_key(std::string_view key, bool attachment) {
  return attachment ? std::string(key) + "\nattachment" : std::string(key);
}
}  // namespace

std::string download_url(const core::UrlSigner& signer, std::string_view base_url, std::string_view key,
                         std::int64_t expires_s, bool attachment) {
  const std::string path = download_path(key);
  return fmt::format("{}{}?q-expires={}&q-signature={}{}", base_url, path, expires_s,
                     signer.sign("GET", path, signed_download_key(key, attachment), expires_s),
                     attachment ? "&response-content-disposition=attachment" : "");
}

Verdict check_download(const core::UrlSigner& signer, std::string_view key, std::string_view expires,
                       std::string_view signature, bool attachment) {
  const auto expires_s = core::text::parse_i64(expires);
  if (!expires_s) return Verdict::forged;
  return signer.check("GET", download_path(key), signed_download_key(key, attachment), *expires_s, signature);
}

}  // namespace filegate::dialects::smh
