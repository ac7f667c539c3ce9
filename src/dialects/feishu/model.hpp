#pragma once
// The Feishu/Lark world as filegate keeps it: apps with secrets, IM files and images owned by the app or user that
// uploaded them, and chats whose members (apps and users) post messages that carry file and image keys.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/image_probe.hpp"
#include "core/store.hpp"

namespace filegate::dialects::feishu {

struct App {
  std::string app_id;  // "cli_" + 16 hex, like real self-built apps
  std::string app_secret;
  std::string name;
  // The permission scopes enabled for the app (scopes.hpp); empty: every scope, the default.
  std::vector<std::string> scopes = {};
};

struct ImFile {
  std::string file_key;
  std::string object_id;
  std::string app_id;  // the uploader: only it may download through /im/v1/files
  std::string file_type;
};

// An image of the IM API (POST /im/v1/images), or one a user sent in a message.
struct ImImage {
  std::string image_key;
  std::string object_id;
  std::string owner;       // the app_id or user open_id that uploaded it
  std::string image_type;  // "message" or "avatar"
  std::string format;      // as core::probe_image names it ("png", "jpeg" …); "" when unknown
};

struct Message {
  std::string message_id;
  std::string chat_id;
  std::string sender_app_id;           // the app that sent it; "" when a user did
  std::string sender_open_id;          // the user who sent it; "" when an app did
  std::string msg_type;                // text, post, file, image, audio, media, interactive, merge_forward, ...
  std::string content;                 // the content JSON as the platform carries it in events and message reads
  std::vector<std::string> file_keys;  // the resources it carries, file and image keys, in content order
  std::int64_t create_time_ms = 0;

  const std::string& sender_id() const { return sender_app_id.empty() ? sender_open_id : sender_app_id; }
};

class Model {
 public:
  explicit Model(core::Store& store) : store_(store) {}

  App create_app(const std::string& name);
  // Creates or replaces the app with exactly these credentials (fixtures).
  void put_app(const App& app);
  std::optional<App> app(const std::string& app_id) const;
  std::vector<App> apps() const;
  // The app printed at start-up; created the first time.
  App default_app();
  // The writes that delete the app with what it owns here: its record, the default pointer if it names it, its IM
  // files, the messages it sent, and its place in chats (a chat left without members goes).
  core::WriteBatch app_erasure(const std::string& app_id) const;

  // Stores the staged bytes as an IM file of `app_id` and returns it; under `file_key` when given (fixtures: it
  // replaces what that key held), else under a new key.
  ImFile commit_im_file(core::StagedBlob& staged, const std::string& app_id, const std::string& file_type,
                        const std::string& file_name, const std::string& content_type,
                        const std::string& file_key = {});
  std::optional<ImFile> im_file(const std::string& file_key) const;
  std::vector<ImFile> im_files() const;
  bool delete_im_file(const std::string& file_key);

  // Stores the image as one `owner` uploaded; under `image_key` when given (fixtures), else under a new key. `check`
  // sees what the published bytes are (nullopt: no image) and may throw to refuse them before any record names
  // them.
  using ImageCheck = std::function<void(const std::optional<core::ImageInfo>&)>;
  ImImage commit_image(core::StagedBlob& staged, const std::string& owner, const std::string& image_type,
                       const std::string& file_name, const std::string& image_key = {}, const ImageCheck& check = {});
  std::optional<ImImage> image(const std::string& image_key) const;
  std::vector<ImImage> images() const;
  bool delete_image(const std::string& image_key);

  // Posts `draft` to its chat: creates the chat if needed, adds the sender and `extra_members` (app ids, user
  // open_ids) to it, and stores the message under draft.message_id when given (fixtures: it replaces that message),
  // else under a new id. An empty content is made from file_keys as the platform shapes `msg_type`'s content; a
  // given content names the resources (file_keys is then read from it). Stamps create_time_ms.
  // A new chat is of `chat_type` ("group" or "p2p"). A message a bot sends with a `uuid` is remembered by it for an
  // hour (message_by_uuid), so a retried send is not posted twice.
  Message post_message(Message draft, const std::vector<std::string>& extra_members = {},
                       const std::string& chat_type = "group", const std::string& uuid = {});
  std::optional<Message> message_by_uuid(const std::string& app_id, const std::string& uuid) const;
  // The chat an app and a user talk in one to one: one per pair, named the same way every time.
  static std::string p2p_chat_id(const std::string& app_id, const std::string& open_id);
  // "group" or "p2p"; "" when there is no such chat.
  std::string chat_type(const std::string& chat_id) const;
  std::optional<Message> message(const std::string& message_id) const;
  // The chat's messages, oldest first (ties by id), created within [start_ms, end_ms].
  std::vector<Message> chat_messages(const std::string& chat_id, std::int64_t start_ms, std::int64_t end_ms) const;
  bool chat_exists(const std::string& chat_id) const;
  // `member` is an app id or a user's open_id.
  bool is_chat_member(const std::string& chat_id, const std::string& member) const;

  core::Store& store() { return store_; }

 private:
  core::Store& store_;
};

}  // namespace filegate::dialects::feishu
