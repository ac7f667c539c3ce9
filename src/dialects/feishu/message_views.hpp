#pragma once
// How messages look on the wire: in the `im.message.receive_v1` event a bot receives, and as the message objects of
// the IM API (message.get, message.list, message.create).
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "dialects/feishu/model.hpp"
#include "dialects/feishu/users.hpp"

namespace filegate::dialects::feishu {

// The tenant every app and user of this filegate belongs to, as events and messages name it.
inline constexpr std::string_view kTenantKey = "f11e6a7e5e7e0001";

// The event (schema 2.0) telling `app_id` that `sender` posted `message` in a chat of `chat_type` ("p2p", "group").
std::string message_receive_event(const std::string& event_id, const std::string& app_id,
                                  const std::string& verification_token, const Message& message, const User& sender,
                                  const std::string& chat_type, std::int64_t now_ms);

// The IM API's message object. A user sender is named by `user_id_type` (open_id, union_id or user_id) of `user`;
// `user` is ignored for an app's message.
boost::json::object message_object(const Message& message, const std::optional<User>& user,
                                   std::string_view user_id_type);

}  // namespace filegate::dialects::feishu
