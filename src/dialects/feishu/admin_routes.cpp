// Feishu's part of the admin API (/_filegate/api/v1/feishu/…, docs/admin-api.md): the users of the tenant, the
// event subscription of each app (as its developer sets it in the console, URL verification included), and a user
// posting a message to a chat, which pushes im.message.receive_v1 to the bots there as the platform does.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/random_ids.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/feishu/message_content.hpp"
#include "dialects/feishu/message_views.hpp"
#include "http/client.hpp"

namespace filegate::dialects::feishu {
namespace {

using Result = AdminRoute::Result;

std::string text(const boost::json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (!value || value->is_null()) return {};
  if (!value->is_string()) throw UsageError(std::string(key) + " must be a string");
  return std::string(value->get_string());
}

std::vector<std::string> texts(const boost::json::object& body, std::string_view key) {
  std::vector<std::string> out;
  const auto* value = body.if_contains(key);
  if (!value || value->is_null()) return out;
  if (!value->is_array()) throw UsageError(std::string(key) + " must be an array of strings");
  for (const auto& element : value->get_array()) {
    if (!element.is_string()) throw UsageError(std::string(key) + " must be an array of strings");
    out.emplace_back(element.get_string());
  }
  return out;
}

std::vector<std::int64_t> delays(const boost::json::object& body, std::string_view key) {
  std::vector<std::int64_t> out;
  const auto* value = body.if_contains(key);
  if (!value || value->is_null()) return out;
  if (!value->is_array()) throw UsageError(std::string(key) + " must be an array of milliseconds");
  for (const auto& element : value->get_array()) {
    if (!element.is_int64() || element.get_int64() < 0) {
      throw UsageError(std::string(key) + " must be an array of milliseconds");
    }
    out.push_back(element.get_int64());
  }
  return out;
}

// A whole number of seconds from 1 to `most`; `most` when absent.
std::int64_t seconds(const boost::json::object& body, std::string_view key, std::int64_t most) {
  const auto* value = body.if_contains(key);
  if (!value || value->is_null()) return most;
  if (!value->is_int64() || value->get_int64() < 1 || value->get_int64() > most) {
    throw UsageError(std::string(key) + " must be a whole number of seconds from 1 to " + std::to_string(most));
  }
  return value->get_int64();
}

boost::json::object user_view(const User& user) {
  return {{"open_id", user.open_id}, {"union_id", user.union_id}, {"user_id", user.user_id}, {"name", user.name}};
}

boost::json::object subscription_view(const EventSubscription& s) {
  boost::json::array retries;
  for (const std::int64_t ms : s.retry_schedule()) retries.push_back(ms);
  boost::json::array types;
  for (const auto& type : s.event_types) types.emplace_back(type);
  return {
      {"app_id", s.app_id},           {"event_url", s.event_url},        {"verification_token", s.verification_token},
      {"encrypt_key", s.encrypt_key}, {"event_types", std::move(types)}, {"retry_delays_ms", std::move(retries)}};
}

// The message's content: given as an object or as its JSON text, or made from a single file_key / image_key.
std::string content_of(const boost::json::object& body) {
  if (const auto* content = body.if_contains("content"); content && !content->is_null()) {
    if (content->is_object()) return boost::json::serialize(*content);
    if (content->is_string()) {
      boost::system::error_code error;
      const auto parsed = boost::json::parse(content->get_string(), error);
      if (!error && parsed.is_object()) return std::string(content->get_string());
    }
    throw UsageError("content must be a JSON object (or its text)");
  }
  return {};
}

}  // namespace

std::vector<std::string> FeishuDialect::announce(const Message& message, const User& sender) {
  std::vector<std::string> event_ids;
  const std::string chat_type = model_.chat_type(message.chat_id);
  for (const App& app : model_.apps()) {
    if (!model_.is_chat_member(message.chat_id, app.app_id)) continue;
    const auto subscription = subscriptions_.find(app.app_id);
    if (!subscription || !subscription->wants(kMessageReceiveEvent)) continue;
    std::string event_id = core::random_hex(16);
    events_.send(*subscription, message_receive_event(event_id, app.app_id, subscription->verification_token, message,
                                                      sender, chat_type, services_.clock.now_ms()));
    event_ids.push_back(std::move(event_id));
  }
  return event_ids;
}

std::vector<AdminRoute> FeishuDialect::admin_routes() {
  using bhttp::verb;
  std::vector<AdminRoute> routes;
  routes.push_back({verb::get, "users", "filegate.feishu.users.list", [this](const http::Exchange&, const auto&) {
                      boost::json::array users;
                      for (const User& user : users_.all()) users.push_back(user_view(user));
                      return Result{200, boost::json::object{{"users", std::move(users)}}};
                    }});
  routes.push_back(
      {verb::post, "users", "filegate.feishu.users.create", [this](const http::Exchange&, const auto& body) {
         User draft{text(body, "open_id"), text(body, "union_id"), text(body, "user_id"), text(body, "name")};
         if (!draft.open_id.empty() && users_.find(draft.open_id)) {
           throw UsageError("a user with open_id " + draft.open_id + " exists");
         }
         return Result{201, user_view(users_.create(std::move(draft)))};
       }});
  routes.push_back({verb::get, "apps/:app_id/events", "filegate.feishu.events.get",
                    [this](const http::Exchange& exchange, const auto&) {
                      const std::string app_id(exchange.param("app_id"));
                      if (!model_.app(app_id)) throw UsageError("no feishu app " + app_id);
                      const auto subscription = subscriptions_.find(app_id);
                      return Result{200, subscription_view(subscription.value_or(EventSubscription{app_id}))};
                    }});
  routes.push_back({verb::put, "apps/:app_id/events", "filegate.feishu.events.set",
                    [this](const http::Exchange& exchange, const auto& body) {
                      EventSubscription s{std::string(exchange.param("app_id")),
                                          text(body, "event_url"),
                                          text(body, "verification_token"),
                                          text(body, "encrypt_key"),
                                          texts(body, "event_types"),
                                          delays(body, "retry_delays_ms")};
                      if (!model_.app(s.app_id)) throw UsageError("no feishu app " + s.app_id);
                      if (s.event_types.empty()) s.event_types = {std::string(kMessageReceiveEvent)};
                      if (!s.event_url.empty()) {
                        if (!http::is_reachable_url(s.event_url)) throw UsageError("event_url must be an http:// URL");
                        // As the console does when a Request URL is saved: it must answer the challenge first.
                        if (const std::string failure = events_.verify_url(s); !failure.empty()) {
                          throw UsageError(failure);
                        }
                      }
                      subscriptions_.put(s);
                      return Result{200, subscription_view(s)};
                    }});
  routes.push_back({verb::put, "apps/:app_id/scopes", "filegate.feishu.scopes.set",
                    [this](const http::Exchange& exchange, const auto& body) {
                      const std::string app_id(exchange.param("app_id"));
                      auto app = model_.app(app_id);
                      if (!app) throw UsageError("no feishu app " + app_id);
                      app->scopes = texts(body, "scopes");
                      model_.put_app(*app);
                      boost::json::array scopes;
                      for (const auto& scope : app->scopes) scopes.emplace_back(scope);
                      return Result{200, boost::json::object{{"app_id", app_id}, {"scopes", std::move(scopes)}}};
                    }});
  // What the authorize page hands the app after a user approves: a code for the token endpoints (5 min, once).
  routes.push_back(
      {verb::post, "oauth/codes", "filegate.feishu.oauth.codes.create",
       [this](const http::Exchange&, const auto& body) {
         const std::string app_id = text(body, "app_id");
         if (!model_.app(app_id)) throw UsageError("app_id names no feishu app: " + app_id);
         const auto user = users_.find_by_any_id(text(body, "user"));
         if (!user) throw UsageError("user must name a feishu user (open_id, union_id or user_id)");
         // A shorter life lets a test see its client handle an expired code (20004).
         const std::int64_t lifetime = seconds(body, "expires_in", UserAuth::kCodeLifetimeSeconds);
         const core::Token code = user_auth_.mint_code({app_id, user->open_id, text(body, "scope")}, lifetime);
         return Result{201, boost::json::object{{"code", code.value}, {"expires_in", lifetime}}};
       }});
  routes.push_back({verb::post, "messages", "filegate.feishu.messages.send",
                    [this](const http::Exchange&, const auto& body) { return send_as_user(body); }});
  return routes;
}

AdminRoute::Result FeishuDialect::send_as_user(const boost::json::object& body) {
  const std::string sender_id = text(body, "sender");
  const auto sender = users_.find_by_any_id(sender_id);
  if (!sender) throw UsageError("sender must name a feishu user (open_id, union_id or user_id): " + sender_id);
  Message draft;
  draft.sender_open_id = sender->open_id;
  draft.msg_type = text(body, "msg_type");
  if (draft.msg_type.empty()) draft.msg_type = "file";
  draft.content = content_of(body);
  if (draft.content.empty()) {
    const std::string key = text(body, draft.msg_type == "image" ? "image_key" : "file_key");
    if (key.empty()) throw UsageError("give content, or the file_key (image_key) of the resource the message carries");
    draft.file_keys = {key};
  }
  std::vector<std::string> members = texts(body, "members");
  std::string chat_type = text(body, "chat_type");
  draft.chat_id = text(body, "chat_id");
  if (const std::string to_app = text(body, "to_app"); !to_app.empty()) {
    // A one-to-one chat with a bot, as when a user opens the bot and sends it a file.
    if (!model_.app(to_app)) throw UsageError("to_app names no feishu app: " + to_app);
    draft.chat_id = Model::p2p_chat_id(to_app, sender->open_id);
    members.push_back(to_app);
    chat_type = "p2p";
  }
  if (draft.chat_id.empty()) throw UsageError("give chat_id (a group chat) or to_app (a one-to-one chat with a bot)");
  if (chat_type.empty()) chat_type = "group";
  if (chat_type != "group" && chat_type != "p2p") throw UsageError("chat_type must be group or p2p");
  for (const std::string& member : members) {
    if (!model_.app(member) && !users_.find(member)) throw UsageError("members must name apps or user open_ids");
  }
  // The resources must exist and belong to the sender, as a client can only attach what it uploaded.
  const std::vector<std::string> keys =
      draft.content.empty() ? draft.file_keys : resource_keys(boost::json::parse(draft.content));
  for (const std::string& key : keys) {
    const auto file = model_.im_file(key);
    const auto image = file ? std::nullopt : model_.image(key);
    const std::string owner = file ? file->app_id : image ? image->owner : std::string();
    if (owner.empty()) throw UsageError("no feishu file or image " + key + " (import it first, owner = the sender)");
    if (owner != sender->open_id) throw UsageError(key + " was not uploaded by the sender");
  }
  const Message message = model_.post_message(std::move(draft), members, chat_type);
  boost::json::array event_ids;
  for (std::string& id : announce(message, *sender)) event_ids.emplace_back(id);
  return Result{201, boost::json::object{{"message_id", message.message_id},
                                         {"chat_id", message.chat_id},
                                         {"content", message.content},
                                         {"event_ids", std::move(event_ids)}}};
}

}  // namespace filegate::dialects::feishu
