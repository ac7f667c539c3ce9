// Coze's part of a fixtures document ([coze], docs/fixtures.md): personal access tokens with fixed values and
// permissions, OAuth apps with their public keys, and files under fixed ids owned by a token. Also the files the admin
// API lists and deletes.
#include "core/mime_types.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/coze/jwt.hpp"

namespace filegate::dialects::coze {
namespace {

// `permissions = [...]`: exactly those; absent: every permission.
Permissions permissions_of(FixtureTable& entry) {
  if (!entry.has("permissions")) return std::nullopt;
  return entry.strings("permissions");
}

void apply_token(Model& model, FixtureTable& entry) {
  const std::string token = entry.string("token");
  if (!token.starts_with("pat_")) entry.fail("token", "must start with pat_, as Coze's personal access tokens do");
  const std::string name = entry.string_or("name", "fixture");
  const Permissions permissions = permissions_of(entry);
  entry.finish();
  if (const auto existing = model.pat_by_token(token);
      !existing || existing->name != name || existing->permissions != permissions) {
    model.put_pat(token, name, permissions);
  }
}

void apply_app(Model& model, FixtureTable& entry) {
  OAuthApp app;
  app.id = entry.string("app_id");
  if (!is_file_id(app.id)) entry.fail("app_id", "must be decimal digits, like Coze's OAuth app ids");
  app.name = entry.string_or("name", "fixture");
  app.public_key = entry.string("public_key");
  const auto fingerprint = rsa_public_key_fingerprint(app.public_key);
  if (!fingerprint) entry.fail("public_key", "must be an RSA public key in PEM (-----BEGIN PUBLIC KEY-----)");
  app.key_id = entry.string_or("key_id", *fingerprint);
  app.permissions = permissions_of(entry);
  app.deactivated = entry.boolean_or("deactivated", false);
  entry.finish();
  if (const auto existing = model.app(app.id)) app.created_at_ms = existing->created_at_ms;
  model.put_app(std::move(app));
}

void apply_file(Model& model, FixtureTable& entry) {
  const std::string file_id = entry.string("file_id");
  if (!is_file_id(file_id)) entry.fail("file_id", "must be decimal digits that fit an int64, like Coze's file ids");
  const std::string token = entry.string("token");
  const auto owner = model.pat_by_token(token);
  if (!owner) entry.fail("token", "names no token in coze.tokens: " + token);
  const std::string name = entry.string("name");
  auto staged = entry.content(model.store());
  entry.finish();
  if (const auto existing = model.stored_file(file_id);
      existing && existing->owner == owner->id &&
      holds_same_content(model.store(), existing->object_id, *staged, name)) {
    return;
  }
  model.commit_file(*staged, owner->id, name, core::mime_type_for(name), file_id);
}

}  // namespace

void CozeDialect::apply_fixtures(FixtureTable& fixtures) {
  // In dependency order: files name their token.
  for (auto& entry : fixtures.tables("tokens")) apply_token(model_, entry);
  for (auto& entry : fixtures.tables("apps")) apply_app(model_, entry);
  for (auto& entry : fixtures.tables("files")) apply_file(model_, entry);
  fixtures.finish();
}

std::vector<FileHandle> CozeDialect::files() {
  std::vector<FileHandle> all;
  for (const StoredFile& file : model_.files()) all.push_back({"file_id", file.id, file.owner, file.object_id});
  return all;
}

bool CozeDialect::delete_file(std::string_view handle) { return model_.delete_file(std::string(handle)); }

}  // namespace filegate::dialects::coze
