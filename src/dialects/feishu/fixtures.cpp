// Feishu's part of a fixtures document ([feishu], docs/fixtures.md): apps with fixed credentials, IM files, chats
// with messages that carry them, Drive documents with their grants and media. Also the files the admin API lists.
#include "core/mime_types.hpp"
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/feishu_dialect.hpp"

namespace filegate::dialects::feishu {
namespace {

void require_app(const Model& model, FixtureTable& entry, std::string_view key, const std::string& app_id) {
  if (!model.app(app_id)) entry.fail(key, "names no app in feishu.apps: " + app_id);
}

void apply_app(Model& model, FixtureTable& entry) {
  App app{entry.string("app_id"), entry.string("app_secret"), entry.string_or("name", "fixture")};
  entry.finish();
  if (const auto existing = model.app(app.app_id);
      !existing || existing->app_secret != app.app_secret || existing->name != app.name) {
    model.put_app(app);
  }
}

void apply_im_file(Model& model, FixtureTable& entry) {
  const std::string file_key = entry.string("file_key");
  const std::string app_id = entry.string("app_id");
  require_app(model, entry, "app_id", app_id);
  const std::string name = entry.string("name");
  const std::string file_type = entry.string_or("file_type", "stream");
  auto staged = entry.content(model.store());
  entry.finish();
  if (const auto existing = model.im_file(file_key);
      existing && existing->app_id == app_id && existing->file_type == file_type &&
      holds_same_content(model.store(), existing->object_id, *staged, name)) {
    return;
  }
  model.commit_im_file(*staged, app_id, file_type, name, core::mime_type_for(name), file_key);
}

void apply_message(Model& model, FixtureTable& entry) {
  const std::string message_id = entry.string("message_id");
  const std::string chat_id = entry.string("chat_id");
  const std::string sender = entry.string("sender");
  require_app(model, entry, "sender", sender);
  const std::vector<std::string> members = entry.strings("members");
  for (const std::string& member : members) require_app(model, entry, "members", member);
  const std::string msg_type = entry.string_or("msg_type", "file");
  const std::vector<std::string> file_keys = entry.strings("file_keys");
  for (const std::string& key : file_keys) {
    if (!model.im_file(key)) entry.fail("file_keys", "names no file in feishu.files: " + key);
  }
  entry.finish();
  model.create_message(chat_id, sender, members, msg_type, file_keys, message_id);
}

void apply_document(const Model& model, DriveModel& drive, FixtureTable& entry) {
  const std::string token = entry.string("token");
  const std::string type = entry.string_or("type", "docx");
  if (!DriveModel::is_document_type(type)) entry.fail("type", "must be docx, sheet, bitable or doc");
  const std::string owner = entry.string("owner");
  require_app(model, entry, "owner", owner);
  const bool advanced = entry.boolean_or("advanced_permissions", false);
  if (advanced && type != "bitable") entry.fail("advanced_permissions", "only Bitable documents have them");
  const std::vector<std::string> grants = entry.strings("grants");
  for (const std::string& app_id : grants) require_app(model, entry, "grants", app_id);
  entry.finish();
  drive.create_document(owner, type, advanced, token);
  for (const std::string& app_id : grants) drive.grant(token, app_id);
}

void apply_medium(Model& model, DriveModel& drive, FixtureTable& entry) {
  DriveMedia media;
  media.file_token = entry.string("file_token");
  media.doc_token = entry.string("doc_token");
  const auto document = drive.document(media.doc_token);
  if (!document) entry.fail("doc_token", "names no document in feishu.documents: " + media.doc_token);
  media.app_id = entry.string_or("app_id", document->owner_app_id);
  require_app(model, entry, "app_id", media.app_id);
  media.parent_type = entry.string_or("parent_type", "docx_file");
  if (!is_parent_type(media.parent_type)) entry.fail("parent_type", "is not one of Drive's parent types");
  const std::string name = entry.string("name");
  auto staged = entry.content(model.store());
  entry.finish();
  if (const auto existing = drive.media(media.file_token);
      existing && existing->app_id == media.app_id && existing->doc_token == media.doc_token &&
      existing->parent_type == media.parent_type &&
      holds_same_content(model.store(), existing->object_id, *staged, name)) {
    return;
  }
  drive.commit_media(*staged, media, name, core::mime_type_for(name));
}

}  // namespace

void FeishuDialect::apply_fixtures(FixtureTable& fixtures) {
  // In dependency order: entries may name the apps, files and documents declared before them.
  for (auto& entry : fixtures.tables("apps")) apply_app(model_, entry);
  for (auto& entry : fixtures.tables("files")) apply_im_file(model_, entry);
  for (auto& entry : fixtures.tables("messages")) apply_message(model_, entry);
  for (auto& entry : fixtures.tables("documents")) apply_document(model_, drive_, entry);
  for (auto& entry : fixtures.tables("media")) apply_medium(model_, drive_, entry);
  fixtures.finish();
}

std::vector<FileHandle> FeishuDialect::files() {
  std::vector<FileHandle> all;
  for (const ImFile& file : model_.im_files()) all.push_back({"file_key", file.file_key, file.app_id, file.object_id});
  for (const DriveMedia& media : drive_.all_media()) {
    all.push_back({"file_token", media.file_token, media.app_id, media.object_id});
  }
  return all;
}

bool FeishuDialect::delete_file(std::string_view handle) {
  const std::string key(handle);
  return model_.delete_im_file(key) || drive_.delete_media(key);
}

}  // namespace filegate::dialects::feishu
