#include "dialects/feishu/model.hpp"

#include <algorithm>

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kApps = "feishu.app";
constexpr std::string_view kDefaultApp = "feishu.default_app";
constexpr std::string_view kImFiles = "feishu.im_file";
constexpr std::string_view kChats = "feishu.chat";
constexpr std::string_view kMessages = "feishu.message";

// The stored records (the key of each is the id: app_id, file_key, chat_id, message_id).
struct AppRecord {
  std::string app_secret;
  std::string name;
  std::int64_t created_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(AppRecord, (), (app_secret, name, created_at_ms))

struct DefaultAppRecord {
  std::string app_id;
};
BOOST_DESCRIBE_STRUCT(DefaultAppRecord, (), (app_id))

struct ImFileRecord {
  std::string object_id;
  std::string app_id;
  std::string file_type;
};
BOOST_DESCRIBE_STRUCT(ImFileRecord, (), (object_id, app_id, file_type))

struct ChatRecord {
  std::vector<std::string> members;
};
BOOST_DESCRIBE_STRUCT(ChatRecord, (), (members))

struct MessageRecord {
  std::string chat_id;
  std::string sender_app_id;
  std::string msg_type;
  std::vector<std::string> file_keys;
};
BOOST_DESCRIBE_STRUCT(MessageRecord, (), (chat_id, sender_app_id, msg_type, file_keys))

ImFile im_file_from(const std::string& file_key, const boost::json::object& o) {
  auto r = core::from_record<ImFileRecord>(o);
  return ImFile{file_key, std::move(r.object_id), std::move(r.app_id), std::move(r.file_type)};
}

App app_from(const std::string& app_id, const boost::json::object& o) {
  const auto r = core::from_record<AppRecord>(o);
  return App{app_id, r.app_secret, r.name};
}

std::vector<std::string> chat_members(core::MetadataStore& metadata, const std::string& chat_id) {
  auto chat = metadata.record(kChats, chat_id);
  return chat ? core::from_record<ChatRecord>(*chat).members : std::vector<std::string>();
}

// Live keys look like file_v3_0010j_eb127f4d-0fd2-4cfa-82d5-35663ac924cg: a shard, then a UUID whose last hex
// digit is replaced by a letter. Clients that pattern-match keys keep working.
std::string new_file_key() {
  const std::string h = core::random_hex(16);
  return "file_v3_00" + h.substr(0, 2) + "j_" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + core::random_hex(6).substr(0, 11) + "g";
}

}  // namespace

App Model::create_app(const std::string& name) {
  App app{"cli_" + core::random_hex(8), core::random_alphanumeric(32), name};
  store_.metadata().commit(core::WriteBatch().create(
      kApps, app.app_id, core::to_record(AppRecord{app.app_secret, app.name, store_.clock().now_ms()})));
  return app;
}

void Model::put_app(const App& app) {
  store_.metadata().commit(core::WriteBatch().put(
      kApps, app.app_id, core::to_record(AppRecord{app.app_secret, app.name, store_.clock().now_ms()})));
}

std::optional<App> Model::app(const std::string& app_id) const {
  auto o = store_.metadata().record(kApps, app_id);
  if (!o) return std::nullopt;
  return app_from(app_id, *o);
}

std::vector<App> Model::apps() const {
  std::vector<App> out;
  for (auto it = store_.metadata().scan(kApps); it.valid(); it.next()) out.push_back(app_from(it.key(), it.value()));
  return out;
}

App Model::default_app() {
  if (auto pointer = store_.metadata().record(kDefaultApp, "default")) {
    if (auto existing = app(core::from_record<DefaultAppRecord>(*pointer).app_id)) return *existing;
  }
  App created = create_app("default");
  store_.metadata().commit(
      core::WriteBatch().put(kDefaultApp, "default", core::to_record(DefaultAppRecord{created.app_id})));
  return created;
}

core::WriteBatch Model::app_erasure(const std::string& app_id) const {
  auto& metadata = store_.metadata();
  core::WriteBatch writes;
  writes.erase(kApps, app_id);
  metadata.erase_matching(writes, kDefaultApp, {}, [&](const std::string&, const boost::json::object& pointer) {
    return core::from_record<DefaultAppRecord>(pointer).app_id == app_id;
  });
  metadata.erase_matching(writes, kImFiles, {}, [&](const std::string& key, const boost::json::object& file) {
    return im_file_from(key, file).app_id == app_id;
  });
  metadata.erase_matching(writes, kMessages, {}, [&](const std::string&, const boost::json::object& message) {
    return core::from_record<MessageRecord>(message).sender_app_id == app_id;
  });
  for (auto it = metadata.scan(kChats); it.valid(); it.next()) {
    auto chat = core::from_record<ChatRecord>(it.value());
    const auto left = std::remove(chat.members.begin(), chat.members.end(), app_id);
    if (left == chat.members.end()) continue;
    chat.members.erase(left, chat.members.end());
    if (chat.members.empty()) {
      writes.erase(kChats, it.key());
    } else {
      writes.put(kChats, it.key(), core::to_record(chat));
    }
  }
  return writes;
}

ImFile Model::commit_im_file(core::StagedBlob& staged, const std::string& app_id, const std::string& file_type,
                             const std::string& file_name, const std::string& content_type,
                             const std::string& file_key) {
  ImFile file{file_key.empty() ? new_file_key() : file_key, "", app_id, file_type};
  core::ObjectRecord object =
      store_.commit_object(staged, {file_name, content_type, "feishu.im"}, [&](const core::ObjectRecord& o) {
        auto record = core::to_record(ImFileRecord{o.id, app_id, file_type});
        return file_key.empty() ? core::WriteBatch().create(kImFiles, file.file_key, std::move(record))
                                : core::WriteBatch().put(kImFiles, file.file_key, std::move(record));
      });
  file.object_id = object.id;
  return file;
}

std::optional<ImFile> Model::im_file(const std::string& file_key) const {
  auto o = store_.metadata().record(kImFiles, file_key);
  if (!o) return std::nullopt;
  return im_file_from(file_key, *o);
}

std::vector<ImFile> Model::im_files() const {
  std::vector<ImFile> out;
  for (auto it = store_.metadata().scan(kImFiles); it.valid(); it.next())
    out.push_back(im_file_from(it.key(), it.value()));
  return out;
}

bool Model::delete_im_file(const std::string& file_key) {
  if (!im_file(file_key)) return false;
  store_.metadata().commit(core::WriteBatch().erase(kImFiles, file_key));
  return true;
}

Message Model::create_message(const std::string& chat_id, const std::string& sender_app_id,
                              const std::vector<std::string>& extra_members, const std::string& msg_type,
                              const std::vector<std::string>& file_keys, const std::string& message_id) {
  std::vector<std::string> members = chat_members(store_.metadata(), chat_id);
  for (const std::string& m : extra_members) members.push_back(m);
  members.push_back(sender_app_id);
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());

  Message message{message_id.empty() ? "om_" + core::random_hex(16) : message_id, chat_id, sender_app_id, msg_type,
                  file_keys};
  auto record = core::to_record(MessageRecord{chat_id, sender_app_id, msg_type, file_keys});
  core::WriteBatch writes;
  writes.put(kChats, chat_id, core::to_record(ChatRecord{members}));
  if (message_id.empty()) {
    writes.create(kMessages, message.message_id, std::move(record));
  } else {
    writes.put(kMessages, message.message_id, std::move(record));
  }
  store_.metadata().commit(writes);
  return message;
}

std::optional<Message> Model::message(const std::string& message_id) const {
  auto o = store_.metadata().record(kMessages, message_id);
  if (!o) return std::nullopt;
  auto r = core::from_record<MessageRecord>(*o);
  return Message{message_id, std::move(r.chat_id), std::move(r.sender_app_id), std::move(r.msg_type),
                 std::move(r.file_keys)};
}

bool Model::is_chat_member(const std::string& chat_id, const std::string& app_id) const {
  const auto members = chat_members(store_.metadata(), chat_id);
  return std::find(members.begin(), members.end(), app_id) != members.end();
}

}  // namespace filegate::dialects::feishu
