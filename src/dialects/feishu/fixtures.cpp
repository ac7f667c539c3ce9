// Feishu's part of a fixtures document ([feishu], docs/fixtures.md): users, apps with fixed credentials and event
// subscriptions, IM files and images, chats with messages that carry them, Drive documents with their grants and
// media. Also the files the admin API lists.
#include <boost/json/parse.hpp>

#include "core/digests.hpp"
#include "core/mime_types.hpp"
#include "dialects/feishu/drive_rules.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/feishu/message_content.hpp"
#include "http/client.hpp"

namespace filegate::dialects::feishu {
namespace {

void require_app(const Model& model, FixtureTable& entry, std::string_view key, const std::string& app_id) {
  if (!model.app(app_id)) entry.fail(key, "names no app in feishu.apps: " + app_id);
}

// Files and images belong to an app, or to a user who sends them in a message.
void require_owner(const Model& model, const Users& users, FixtureTable& entry, std::string_view key,
                   const std::string& owner) {
  if (!model.app(owner) && !users.find(owner))
    entry.fail(key, "names no app in feishu.apps or user in feishu.users: " + owner);
}

// Ids not given are derived from the open_id, so that applying the same fixtures again gives the same user.
void apply_user(Users& users, FixtureTable& entry) {
  User user;
  user.open_id = entry.string("open_id");
  if (!user.open_id.starts_with("ou_")) entry.fail("open_id", "must start with ou_");
  const std::string digest = core::sha256_hex(core::as_bytes(user.open_id));
  user.union_id = entry.string_or("union_id", "on_" + digest.substr(0, 32));
  user.user_id = entry.string_or("user_id", digest.substr(32, 8));
  user.name = entry.string_or("name", "fixture");
  entry.finish();
  users.put(user);
}

void apply_app(Model& model, EventSubscriptions& subscriptions, FixtureTable& entry) {
  App app{entry.string("app_id"), entry.string("app_secret"), entry.string_or("name", "fixture"),
          entry.strings("scopes")};
  // The subscription is stored as given: no URL verification, since the bot may not be listening yet at start.
  EventSubscription subscription{app.app_id,
                                 entry.string_or("event_url", ""),
                                 entry.string_or("verification_token", ""),
                                 entry.string_or("encrypt_key", ""),
                                 entry.strings("event_types"),
                                 {}};
  if (!subscription.event_url.empty() && !http::is_reachable_url(subscription.event_url)) {
    entry.fail("event_url", "must be an http:// URL");
  }
  if (subscription.event_types.empty()) subscription.event_types = {std::string(kMessageReceiveEvent)};
  entry.finish();
  if (const auto existing = model.app(app.app_id); !existing || existing->app_secret != app.app_secret ||
                                                   existing->name != app.name || existing->scopes != app.scopes) {
    model.put_app(app);
  }
  if (!subscription.event_url.empty() || subscriptions.find(app.app_id)) subscriptions.put(subscription);
}

void apply_image(Model& model, const Users& users, FixtureTable& entry) {
  const std::string image_key = entry.string("image_key");
  const std::string owner = entry.string("owner");
  require_owner(model, users, entry, "owner", owner);
  const std::string name = entry.string("name");
  const std::string image_type = entry.string_or("image_type", "message");
  if (image_type != "message" && image_type != "avatar") entry.fail("image_type", "must be message or avatar");
  auto staged = entry.content(model.store());
  entry.finish();
  if (const auto existing = model.image(image_key);
      existing && existing->owner == owner && existing->image_type == image_type &&
      holds_same_content(model.store(), existing->object_id, *staged, name)) {
    return;
  }
  model.commit_image(*staged, owner, image_type, name, image_key);
}

void apply_im_file(Model& model, const Users& users, FixtureTable& entry) {
  const std::string file_key = entry.string("file_key");
  const std::string app_id = entry.string("app_id");
  require_owner(model, users, entry, "app_id", app_id);
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

void apply_message(Model& model, const Users& users, FixtureTable& entry) {
  Message message;
  message.message_id = entry.string("message_id");
  message.chat_id = entry.string("chat_id");
  if (entry.has("sender_user")) {
    message.sender_open_id = entry.string("sender_user");
    if (!users.find(message.sender_open_id)) {
      entry.fail("sender_user", "names no user in feishu.users: " + message.sender_open_id);
    }
  } else {
    message.sender_app_id = entry.string("sender");
    require_app(model, entry, "sender", message.sender_app_id);
  }
  const std::vector<std::string> members = entry.strings("members");
  for (const std::string& member : members) require_owner(model, users, entry, "members", member);
  message.msg_type = entry.string_or("msg_type", "file");
  message.content = entry.string_or("content", "");
  if (!message.content.empty()) {
    boost::system::error_code error;
    if (!boost::json::parse(message.content, error).is_object() || error) {
      entry.fail("content", "must be a JSON object's text");
    }
  }
  message.file_keys = entry.strings("file_keys");
  for (const auto& key :
       message.content.empty() ? message.file_keys : resource_keys(boost::json::parse(message.content))) {
    if (!model.im_file(key) && !model.image(key)) {
      entry.fail(message.content.empty() ? "file_keys" : "content",
                 "names no file in feishu.files or image in feishu.images: " + key);
    }
  }
  const std::string chat_type = entry.string_or("chat_type", "group");
  if (chat_type != "group" && chat_type != "p2p") entry.fail("chat_type", "must be group or p2p");
  entry.finish();
  model.post_message(std::move(message), members, chat_type);
}

void apply_document(const Model& model, const Users& users, DriveModel& drive, FixtureTable& entry) {
  const std::string token = entry.string("token");
  const std::string type = entry.string_or("type", "docx");
  if (!DriveModel::is_document_type(type)) entry.fail("type", "must be docx, sheet, bitable or doc");
  const std::string owner = entry.string("owner");
  require_app(model, entry, "owner", owner);
  const bool advanced = entry.boolean_or("advanced_permissions", false);
  if (advanced && type != "bitable") entry.fail("advanced_permissions", "only Bitable documents have them");
  const std::vector<std::string> grants = entry.strings("grants");
  for (const std::string& principal : grants) require_owner(model, users, entry, "grants", principal);
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
  for (auto& entry : fixtures.tables("users")) apply_user(users_, entry);
  for (auto& entry : fixtures.tables("apps")) apply_app(model_, subscriptions_, entry);
  for (auto& entry : fixtures.tables("files")) apply_im_file(model_, users_, entry);
  for (auto& entry : fixtures.tables("images")) apply_image(model_, users_, entry);
  for (auto& entry : fixtures.tables("messages")) apply_message(model_, users_, entry);
  for (auto& entry : fixtures.tables("documents")) apply_document(model_, users_, drive_, entry);
  for (auto& entry : fixtures.tables("media")) apply_medium(model_, drive_, entry);
  fixtures.finish();
}

std::vector<FileHandle> FeishuDialect::files() {
  std::vector<FileHandle> all;
  for (const ImFile& file : model_.im_files()) all.push_back({"file_key", file.file_key, file.app_id, file.object_id});
  for (const ImImage& image : model_.images()) {
    all.push_back({"image_key", image.image_key, image.owner, image.object_id});
  }
  for (const DriveMedia& media : drive_.all_media()) {
    all.push_back({"file_token", media.file_token, media.app_id, media.object_id});
  }
  return all;
}

bool FeishuDialect::delete_file(std::string_view handle) {
  const std::string key(handle);
  return model_.delete_im_file(key) || model_.delete_image(key) || drive_.delete_media(key);
}

}  // namespace filegate::dialects::feishu
