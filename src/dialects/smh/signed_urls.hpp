#pragma once
// The URLs SMH hands out for bytes. Real SMH points clients at COS; filegate points them at its own "COS" routes on
// the same server: /smh-cos/upload/{confirmKey}[?uploadId=&partNumber=] (PUT, guarded by the Authorization header the
// upload start returned)
// and /smh-cos/blob/{library}/{space}/{fileUid}/{historyId}/{objectId}?q-expires=&q-signature= (GET/HEAD, the 302
// Location). Both are core::UrlSigner signatures over the method, the path and the key, so a changed byte or an
// expired URL fails closed; a download URL names one version of one file and the stored object it was issued for, so
// it stops serving once that version is deleted, and never serves the bytes of a later version that reuses its
// history id (after a reset).
// An upload's Authorization is checked whole, as COS checks it: its algorithm (sha256) and both ends of its
// q-key-time are signed or compared, and a key time that has not begun is refused like one that has ended.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/url_signer.hpp"

namespace filegate::dialects::smh {

// "127.0.0.1:8080" from "http://127.0.0.1:8080" (what SMH calls the upload `domain`).
std::string host_of(std::string_view base_url);
// "/prefix" from "http://h:1/prefix/" ("" without one): the upload `path` starts with it, so that a proxy that serves
// filegate under a prefix gets the bytes too.
std::string path_of(std::string_view base_url);

std::string upload_path(std::string_view confirm_key);
// The value the client must send as Authorization when it PUTs the bytes (COS's q-sign-* shape).
std::string upload_authorization(const core::UrlSigner& signer, std::string_view confirm_key, std::int64_t expires_s);
core::UrlSigner::Verdict check_upload_authorization(const core::UrlSigner& signer, std::string_view confirm_key,
                                                    std::string_view authorization);
// A multipart upload's parts go to the same path with ?uploadId=…&partNumber=N; each part has its own Authorization,
// signed over the confirm key, the uploadId and the part number, so it opens that one part of that one upload.
std::string part_authorization(const core::UrlSigner& signer, std::string_view confirm_key, std::string_view upload_id,
                               std::uint64_t part_number, std::int64_t expires_s);
// `upload_id` and `part_number` are the query values as received.
core::UrlSigner::Verdict check_part_authorization(const core::UrlSigner& signer, std::string_view confirm_key,
                                                  std::string_view upload_id, std::string_view part_number,
                                                  std::string_view authorization);

// A form upload (COS POST Object): the form is POSTed as multipart/form-data to the byte host's bucket root,
// /smh-cos/, with the fields below, then the file last. `key` names the upload ("upload/{confirmKey}", the object a
// simple PUT would fill); `policy` is COS's base64 JSON of the expiry and the exact fields; q-signature signs the
// POST, the key time and every other field, so a changed field, key time or policy fails closed.
std::string form_path();
struct FormField {
  std::string name;
  std::string value;
};
std::vector<FormField> form_fields(const core::UrlSigner& signer, std::string_view confirm_key,
                                   std::string_view content_type, std::int64_t expires_s);
// The verdict on a form's fields as received, and the confirm key its `key` names ("" when it names none).
struct FormVerdict {
  core::UrlSigner::Verdict verdict;
  std::string confirm_key;
};
FormVerdict check_form_fields(const core::UrlSigner& signer, const std::map<std::string, std::string>& fields);

// "{library}/{space}/{fileUid}/{historyId}/{objectId}": the version a download URL names, and its bytes.
std::string download_key(std::string_view library_id, std::string_view space_id, std::string_view file_uid,
                         std::int64_t history_id, std::string_view object_id);
std::string download_path(std::string_view key);
// With `attachment` (the download's content_disposition=attachment) the URL carries
// response-content-disposition=attachment, as COS's response-* parameters do, and the signature covers it: the bytes
// come with Content-Disposition: attachment, and the parameter cannot be added to or taken from a URL.
std::string download_url(const core::UrlSigner& signer, std::string_view base_url, std::string_view key,
                         std::int64_t expires_s, bool attachment = false);
// `expires` and `signature` are the q-expires and q-signature query values as received.
core::UrlSigner::Verdict check_download(const core::UrlSigner& signer, std::string_view key, std::string_view expires,
                                        std::string_view signature, bool attachment = false);

}  // namespace filegate::dialects::smh
