#include "dialects/feishu/message_views.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace filegate::dialects::feishu {

std::string message_receive_event(const std::string& event_id, const std::string& app_id,
                                  const std::string& verification_token, const Message& message, const User& sender,
                                  const std::string& chat_type, std::int64_t now_ms) {
  // Every value is a string, times in milliseconds, as the platform sends them. Serialized compactly and with raw
  // UTF-8: the SDK checks the signature over JSON.stringify(JSON.parse(body)), which must give the body back.
  const std::string created = std::to_string(message.create_time_ms);
  const boost::json::object event{
      {"schema", "2.0"},
      {"header",
       {{"event_id", event_id},
        {"event_type", "im.message.receive_v1"},
        {"create_time", std::to_string(now_ms)},
        {"token", verification_token},
        {"app_id", app_id},
        {"tenant_key", kTenantKey}}},
      {"event",
       {{"sender",
         {{"sender_id", {{"union_id", sender.union_id}, {"user_id", sender.user_id}, {"open_id", sender.open_id}}},
          {"sender_type", "user"},
          {"tenant_key", kTenantKey}}},
        {"message",
         {{"message_id", message.message_id},
          {"create_time", created},
          {"update_time", created},
          {"chat_id", message.chat_id},
          {"chat_type", chat_type},
          {"message_type", message.msg_type},
          {"content", message.content}}}}}};
  return boost::json::serialize(event);
}

namespace {

std::string user_id_of(const Message& message, const std::optional<User>& user, std::string_view user_id_type) {
  if (!user) return message.sender_open_id;
  if (user_id_type == "union_id") return user->union_id;
  if (user_id_type == "user_id") return user->user_id;
  return user->open_id;
}

}  // namespace

boost::json::object message_object(const Message& message, const std::optional<User>& user,
                                   std::string_view user_id_type) {
  const bool by_app = !message.sender_app_id.empty();
  const std::string created = std::to_string(message.create_time_ms);
  return {{"message_id", message.message_id},
          {"root_id", ""},
          {"parent_id", ""},
          {"msg_type", message.msg_type},
          {"create_time", created},
          {"update_time", created},
          {"deleted", false},
          {"updated", false},
          {"chat_id", message.chat_id},
          {"sender",
           {{"id", by_app ? message.sender_app_id : user_id_of(message, user, user_id_type)},
            {"id_type", by_app ? std::string_view("app_id") : user_id_type},
            {"sender_type", by_app ? "app" : "user"},
            {"tenant_key", kTenantKey}}},
          {"body", {{"content", message.content}}},
          {"mentions", boost::json::array()},
          {"upper_message_id", ""}};
}

}  // namespace filegate::dialects::feishu
