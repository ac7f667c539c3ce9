#pragma once
// The Coze world as filegate keeps it: personal access tokens (PATs), each standing for its own account, and the
// files uploaded with them. A file belongs to the token that uploaded it; other tokens cannot see it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store.hpp"
#include "core/token_service.hpp"

namespace filegate::dialects::coze {

// The permissions the files endpoints need (each endpoint's page, 权限); a token without one answers 4101.
inline constexpr std::string_view kUploadFilePermission = "uploadFile";
inline constexpr std::string_view kRetrieveFilePermission = "retrieveFile";

// What a token or app may do: nullopt is every permission (the default), else exactly those listed.
using Permissions = std::optional<std::vector<std::string>>;
bool permits(const Permissions& permissions, std::string_view permission);

struct Pat {
  std::string id;     // stable numeric id, the owner of the token's files
  std::string token;  // "pat_" + 40 hex: what clients send as "Authorization: Bearer pat_…"
  std::string name;
  std::int64_t created_at_ms = 0;
  Permissions permissions;
};

// An OAuth app of the JWT kind ("服务类应用"): it signs JWTs with its private key; filegate holds the public key and
// exchanges a valid JWT for a short-lived access token ("czs_…") that the files endpoints accept like a PAT. The app's
// id owns the files uploaded with its tokens.
struct OAuthApp {
  std::string id;  // the JWT's iss: numeric, like the platform's app ids
  std::string name;
  std::string key_id;      // the JWT header's kid (the console's 公钥指纹)
  std::string public_key;  // PEM, RSA: verifies RS256 signatures
  Permissions permissions;
  bool deactivated = false;  // the owner switched it off: the token endpoint answers access_deny
  std::int64_t created_at_ms = 0;
};

// Who is calling a files endpoint: the owner of the files it sees, and what it may do.
struct Caller {
  std::string owner;
  Permissions permissions;
};

// The access token the JWT flow issues.
struct AppToken {
  std::string value;
  std::int64_t expires_at_ms = 0;
};

// What /v1/files/upload and /v1/files/retrieve return as `data`.
struct FileInfo {
  std::string id;  // numeric string that fits an int64, like the platform's snowflake ids
  std::uint64_t bytes = 0;
  std::string file_name;
  std::int64_t created_at = 0;  // Unix seconds
};

// A file as filegate stores it: its bytes and its owner.
struct StoredFile {
  std::string id;
  std::string object_id;
  std::string owner;  // the PAT id
};

// The name given to an uploaded part that carried no (or an empty) filename: a Buffer or a plain stream from the
// Node SDK. "blob" is what browsers put in FormData for a nameless Blob, so both builds of the SDK agree.
inline constexpr std::string_view kUnnamedFileName = "blob";
std::string file_name_or_default(const std::optional<std::string>& part_filename);

// True for a non-empty run of ASCII digits that fits an int64: the only shape a Coze file id can have.
bool is_file_id(std::string_view s);

class Model {
 public:
  explicit Model(core::Store& store) : store_(store), tokens_(store.metadata(), store.clock()) {}

  Pat create_pat(const std::string& name, const Permissions& permissions = std::nullopt);
  // The token `token` under `name` (fixtures: a value fixed in advance). It keeps the id it has, if it exists.
  Pat put_pat(const std::string& token, const std::string& name, const Permissions& permissions = std::nullopt);
  std::optional<Pat> pat(const std::string& id) const;
  std::vector<Pat> pats() const;
  // The token printed at start-up; created the first time (and again if it was revoked).
  Pat default_pat();
  // The live token with this value, if any.
  std::optional<Pat> pat_by_token(const std::string& token) const;
  // Revokes the token and deletes it with its files and the default pointer if it names it, in one commit.
  void delete_pat(const Pat& pat);

  // OAuth apps. put_app stores `app` as given (its id fixed in advance, or a new one when empty) and returns it.
  OAuthApp put_app(OAuthApp app);
  std::optional<OAuthApp> app(const std::string& id) const;
  std::vector<OAuthApp> apps() const;
  // Revokes the app's access tokens and deletes it with its files and used JWT ids, in one commit.
  void delete_app(const OAuthApp& app);
  // Records the JWT id `jti` of `app_id` as used until `expires_at_s`; false if it was used before and its JWT has
  // not expired (a replay). Forgets the app's JWT ids that have expired in the same commit.
  bool claim_jti(const std::string& app_id, const std::string& jti, std::int64_t expires_at_s);
  AppToken issue_app_token(const OAuthApp& app, std::int64_t lifetime_seconds);

  // The caller behind a bearer token: a PAT, or a live access token of an app that is not deactivated.
  std::optional<Caller> caller_by_token(const std::string& token) const;

  // Stores the staged bytes as a file of `owner_pat_id` and returns what the API reports about it; under `file_id`
  // when given (fixtures: it replaces what that id held), else under a new id.
  FileInfo commit_file(core::StagedBlob& staged, const std::string& owner_pat_id, const std::string& file_name,
                       const std::string& content_type, const std::string& file_id = {});
  // The file if it exists and belongs to `owner_pat_id`; another token's file is indistinguishable from none.
  std::optional<FileInfo> file(const std::string& file_id, const std::string& owner_pat_id) const;
  // Every file, whoever owns it; and one, whoever owns it (the admin API's view).
  std::vector<StoredFile> files() const;
  std::optional<StoredFile> stored_file(const std::string& file_id) const;
  // Coze's API has no delete: this is the admin API's. False when there is no such file.
  bool delete_file(const std::string& file_id);

  core::Store& store() { return store_; }

 private:
  core::Store& store_;
  core::TokenService tokens_;
};

}  // namespace filegate::dialects::coze
