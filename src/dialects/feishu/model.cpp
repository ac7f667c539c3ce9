#include "dialects/feishu/model.hpp"

#include <algorithm>
#include <tuple>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/digests.hpp"
#include "core/mime_types.hpp"
#include "core/random_ids.hpp"
#include "core/record_fields.hpp"
#include "dialects/feishu/message_content.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kApps = "feishu.app";
constexpr std::string_view kDefaultApp = "feishu.default_app";
constexpr std::string_view kImFiles = "feishu.im_file";
constexpr std::string_view kChats = "feishu.chat";
constexpr std::string_view kMessages = "feishu.message";
constexpr std::string_view kImages = "feishu.im_image";

// The stored records (the key of each is the id: app_id, file_key, chat_id, message_id).
struct AppRecord {
  std::string app_secret;
  std::string name;
  std::int64_t created_at_ms = 0;
  std::vector<std::string> scopes;
};
BOOST_DESCRIBE_STRUCT(AppRecord, (), (app_secret, name, created_at_ms, scopes))

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

// Chats written before users could post have no chat_type: they are groups.
struct ChatRecord {
  std::vector<std::string> members;
  std::string chat_type;
};
BOOST_DESCRIBE_STRUCT(ChatRecord, (), (members, chat_type))

constexpr std::string_view kMessageUuids = "feishu.message_uuid";  // keyed by app_id + "/" + uuid
constexpr std::int64_t kUuidLifetimeMs = 3'600'000;

struct MessageUuidRecord {
  std::string message_id;
  std::int64_t created_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(MessageUuidRecord, (), (message_id, created_at_ms))

struct ImageRecord {
  std::string object_id;
  std::string owner;
  std::string image_type;
  std::string format;
};
BOOST_DESCRIBE_STRUCT(ImageRecord, (), (object_id, owner, image_type, format))

// Records written before users could send messages have no sender_open_id, content or create_time_ms.
struct MessageRecord {
  std::string chat_id;
  std::string sender_app_id;
  std::string sender_open_id;
  std::string msg_type;
  std::string content;
  std::vector<std::string> file_keys;
  std::int64_t create_time_ms = 0;
};
BOOST_DESCRIBE_STRUCT(MessageRecord, (),
                      (chat_id, sender_app_id, sender_open_id, msg_type, content, file_keys, create_time_ms))

Message message_from(const std::string& message_id, const boost::json::object& o) {
  auto r = core::from_record<MessageRecord>(o);
  return Message{message_id,
                 std::move(r.chat_id),
                 std::move(r.sender_app_id),
                 std::move(r.sender_open_id),
                 std::move(r.msg_type),
                 std::move(r.content),
                 std::move(r.file_keys),
                 r.create_time_ms};
}

ImImage image_from(const std::string& image_key, const boost::json::object& o) {
  auto r = core::from_record<ImageRecord>(o);
  return ImImage{image_key, std::move(r.object_id), std::move(r.owner), std::move(r.image_type), std::move(r.format)};
}

ImFile im_file_from(const std::string& file_key, const boost::json::object& o) {
  auto r = core::from_record<ImFileRecord>(o);
  return ImFile{file_key, std::move(r.object_id), std::move(r.app_id), std::move(r.file_type)};
}

App app_from(const std::string& app_id, const boost::json::object& o) {
  const auto r = core::from_record<AppRecord>(o);
  return App{app_id, r.app_secret, r.name, r.scopes};
}

ChatRecord chat_record(core::MetadataStore& metadata, const std::string& chat_id) {
  auto chat = metadata.record(kChats, chat_id);
  return chat ? core::from_record<ChatRecord>(*chat) : ChatRecord{};
}

std::vector<std::string> chat_members(core::MetadataStore& metadata, const std::string& chat_id) {
  return chat_record(metadata, chat_id).members;
}

// The record `key` of `ns` read by `from(key, record)`; nullopt when there is none.
template <typename From>
auto find_in(core::MetadataStore& metadata, std::string_view ns, const std::string& key, From from)
    -> std::optional<decltype(from(key, boost::json::object()))> {
  auto o = metadata.record(ns, key);
  if (!o) return std::nullopt;
  return from(key, *o);
}

// Every record of `ns`, read by `from(key, record)`, in key order.
template <typename From>
auto all_in(core::MetadataStore& metadata, std::string_view ns, From from) {
  std::vector<decltype(from(std::string(), boost::json::object()))> out;
  for (auto it = metadata.scan(ns); it.valid(); it.next()) out.push_back(from(it.key(), it.value()));
  return out;
}

bool erase_in(core::MetadataStore& metadata, std::string_view ns, const std::string& key) {
  if (!metadata.record(ns, key)) return false;
  metadata.commit(core::WriteBatch().erase(ns, key));
  return true;
}

// A record under a key the caller chose replaces what that key held (fixtures); a new key is created, so that a
// clash fails the commit instead of overwriting.
core::WriteBatch keyed_write(std::string_view ns, const std::string& key, bool chosen_key, boost::json::object record) {
  return chosen_key ? core::WriteBatch().put(ns, key, std::move(record))
                    : core::WriteBatch().create(ns, key, std::move(record));
}

// Live keys look like file_v3_0010j_eb127f4d-0fd2-4cfa-82d5-35663ac924cg and img_v3_0010j_…g: a shard, then a
// UUID whose last hex digit is replaced by a letter. Clients that pattern-match keys keep working.
std::string new_key(std::string_view kind) {
  const std::string h = core::random_hex(16);
  return std::string(kind) + "_v3_00" + h.substr(0, 2) + "j_" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" +
         h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + core::random_hex(6).substr(0, 11) + "g";
}

}  // namespace

App Model::create_app(const std::string& name) {
  App app{"cli_" + core::random_hex(8), core::random_alphanumeric(32), name};
  store_.metadata().commit(core::WriteBatch().create(
      kApps, app.app_id, core::to_record(AppRecord{app.app_secret, app.name, store_.clock().now_ms(), {}})));
  return app;
}

void Model::put_app(const App& app) {
  store_.metadata().commit(core::WriteBatch().put(
      kApps, app.app_id, core::to_record(AppRecord{app.app_secret, app.name, store_.clock().now_ms(), app.scopes})));
}

std::optional<App> Model::app(const std::string& app_id) const {
  return find_in(store_.metadata(), kApps, app_id, app_from);
}

std::vector<App> Model::apps() const { return all_in(store_.metadata(), kApps, app_from); }

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
  metadata.erase_matching(writes, kMessageUuids, app_id + "/");
  metadata.erase_matching(writes, kImages, {}, [&](const std::string& key, const boost::json::object& image) {
    return image_from(key, image).owner == app_id;
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
  ImFile file{file_key.empty() ? new_key("file") : file_key, "", app_id, file_type};
  core::ObjectRecord object =
      store_.commit_object(staged, {file_name, content_type, "feishu.im"}, [&](const core::ObjectRecord& o) {
        return keyed_write(kImFiles, file.file_key, !file_key.empty(),
                           core::to_record(ImFileRecord{o.id, app_id, file_type}));
      });
  file.object_id = object.id;
  return file;
}

std::optional<ImFile> Model::im_file(const std::string& file_key) const {
  return find_in(store_.metadata(), kImFiles, file_key, im_file_from);
}

std::vector<ImFile> Model::im_files() const { return all_in(store_.metadata(), kImFiles, im_file_from); }

bool Model::delete_im_file(const std::string& file_key) { return erase_in(store_.metadata(), kImFiles, file_key); }

ImImage Model::commit_image(core::StagedBlob& staged, const std::string& owner, const std::string& image_type,
                            const std::string& file_name, const std::string& image_key, const ImageCheck& check) {
  ImImage image{image_key.empty() ? new_key("img") : image_key, "", owner, image_type, ""};
  const core::ObjectRecord object = store_.commit_object(
      staged, {file_name, core::mime_type_for(file_name), "feishu.im"}, [&](const core::ObjectRecord& o) {
        const auto info = core::probe_image(store_.open(o));
        if (check) check(info);
        if (info) image.format = std::string(info->format);
        return keyed_write(kImages, image.image_key, !image_key.empty(),
                           core::to_record(ImageRecord{o.id, owner, image_type, image.format}));
      });
  image.object_id = object.id;
  return image;
}

std::optional<ImImage> Model::image(const std::string& image_key) const {
  return find_in(store_.metadata(), kImages, image_key, image_from);
}

std::vector<ImImage> Model::images() const { return all_in(store_.metadata(), kImages, image_from); }

bool Model::delete_image(const std::string& image_key) { return erase_in(store_.metadata(), kImages, image_key); }

Message Model::post_message(Message draft, const std::vector<std::string>& extra_members, const std::string& chat_type,
                            const std::string& uuid) {
  ChatRecord chat = chat_record(store_.metadata(), draft.chat_id);
  if (chat.members.empty()) chat.chat_type = chat_type;
  std::vector<std::string>& members = chat.members;
  for (const std::string& m : extra_members) members.push_back(m);
  members.push_back(draft.sender_id());
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());

  if (draft.content.empty()) {
    const std::string key = draft.file_keys.empty() ? std::string() : draft.file_keys.front();
    const auto file = im_file(key);
    const auto object = file ? store_.metadata().object(file->object_id) : nullptr;
    const auto content = draft.file_keys.size() == 1
                             ? single_resource_content(draft.msg_type, key, object ? object->name : std::string())
                             : std::nullopt;
    draft.content = boost::json::serialize(content ? boost::json::value(*content) : boost::json::object{});
  } else {
    draft.file_keys = resource_keys(boost::json::parse(draft.content));
  }
  const bool replacing = !draft.message_id.empty();
  if (!replacing) draft.message_id = "om_" + core::random_hex(16);
  draft.create_time_ms = store_.clock().now_ms();
  auto record = core::to_record(MessageRecord{draft.chat_id, draft.sender_app_id, draft.sender_open_id, draft.msg_type,
                                              draft.content, draft.file_keys, draft.create_time_ms});
  core::WriteBatch writes;
  writes.put(kChats, draft.chat_id, core::to_record(chat));
  if (!uuid.empty() && !draft.sender_app_id.empty()) {
    writes.put(kMessageUuids, draft.sender_app_id + "/" + uuid,
               core::to_record(MessageUuidRecord{draft.message_id, draft.create_time_ms}));
  }
  writes.append(keyed_write(kMessages, draft.message_id, replacing, std::move(record)));
  store_.metadata().commit(writes);
  return draft;
}

std::optional<Message> Model::message(const std::string& message_id) const {
  return find_in(store_.metadata(), kMessages, message_id, message_from);
}

std::vector<Message> Model::chat_messages(const std::string& chat_id, std::int64_t start_ms,
                                          std::int64_t end_ms) const {
  std::vector<Message> out;
  for (auto it = store_.metadata().scan(kMessages); it.valid(); it.next()) {
    Message message = message_from(it.key(), it.value());
    if (message.chat_id == chat_id && message.create_time_ms >= start_ms && message.create_time_ms <= end_ms) {
      out.push_back(std::move(message));
    }
  }
  std::sort(out.begin(), out.end(), [](const Message& a, const Message& b) {
    return std::tie(a.create_time_ms, a.message_id) < std::tie(b.create_time_ms, b.message_id);
  });
  return out;
}

std::optional<Message> Model::message_by_uuid(const std::string& app_id, const std::string& uuid) const {
  auto o = store_.metadata().record(kMessageUuids, app_id + "/" + uuid);
  if (!o) return std::nullopt;
  const auto r = core::from_record<MessageUuidRecord>(*o);
  if (store_.clock().now_ms() - r.created_at_ms >= kUuidLifetimeMs) return std::nullopt;
  return message(r.message_id);
}

std::string Model::p2p_chat_id(const std::string& app_id, const std::string& open_id) {
  return "oc_" + core::sha256_hex(core::as_bytes(app_id + "/" + open_id)).substr(0, 32);
}

std::string Model::chat_type(const std::string& chat_id) const {
  auto chat = store_.metadata().record(kChats, chat_id);
  if (!chat) return {};
  const std::string type = core::from_record<ChatRecord>(*chat).chat_type;
  return type.empty() ? "group" : type;
}

bool Model::chat_exists(const std::string& chat_id) const {
  return store_.metadata().record(kChats, chat_id) != nullptr;
}

bool Model::is_chat_member(const std::string& chat_id, const std::string& member) const {
  const auto members = chat_members(store_.metadata(), chat_id);
  return std::find(members.begin(), members.end(), member) != members.end();
}

}  // namespace filegate::dialects::feishu
