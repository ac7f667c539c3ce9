#pragma once
// The Feishu/Lark world as filegate keeps it: apps with secrets, IM files owned by the app that uploaded them,
// and chats with messages that carry file keys (made by the admin CLI, since filegate has no messaging API).
#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace filegate::dialects::feishu {

struct App {
  std::string app_id;  // "cli_" + 16 hex, like real self-built apps
  std::string app_secret;
  std::string name;
};

struct ImFile {
  std::string file_key;
  std::string object_id;
  std::string app_id;  // the uploader: only it may download through /im/v1/files
  std::string file_type;
};

struct Message {
  std::string message_id;
  std::string chat_id;
  std::string sender_app_id;
  std::string msg_type;  // file, image, audio, media, interactive, merge_forward, ...
  std::vector<std::string> file_keys;
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

  // Creates the chat if needed (members: sender + extra_members) and a message holding file_keys, under
  // `message_id` when given (fixtures: it replaces that message), else under a new id.
  Message create_message(const std::string& chat_id, const std::string& sender_app_id,
                         const std::vector<std::string>& extra_members, const std::string& msg_type,
                         const std::vector<std::string>& file_keys, const std::string& message_id = {});
  std::optional<Message> message(const std::string& message_id) const;
  bool is_chat_member(const std::string& chat_id, const std::string& app_id) const;

  core::Store& store() { return store_; }

 private:
  core::Store& store_;
};

}  // namespace filegate::dialects::feishu
