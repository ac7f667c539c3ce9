// IM messages: a bot sends (POST /im/v1/messages), reads one (GET /im/v1/messages/:message_id) and lists a chat's
// (GET /im/v1/messages?container_id_type=chat). Codes are the message API's own (errors::msg_*).
#include <algorithm>
#include <array>

#include <boost/json/parse.hpp>

#include "core/text.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/feishu/message_content.hpp"
#include "dialects/feishu/message_views.hpp"
#include "http/blocking_work.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

// Documented: 50 per second and 1000 per minute, per app.
const std::vector<core::Quota> kMessageQuotas = {{50, 1'000}, {1000, 60'000}};
constexpr std::size_t kMaxBodyBytes = 256 * 1024;
// Documented content limits: text 150 KB; rich text (and cards) 30 KB.
constexpr std::size_t kMaxTextContent = 150 * 1024;
constexpr std::size_t kMaxRichContent = 30 * 1024;
constexpr std::int64_t kDefaultPageSize = 20;
constexpr std::int64_t kMaxPageSize = 50;

void check_user_id_type(std::string_view type) {
  static constexpr std::array<std::string_view, 3> kTypes = {"open_id", "union_id", "user_id"};
  if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) throw http::Refusal(errors::msg_invalid_param);
}

// The request of POST /im/v1/messages, checked in the platform's order.
struct SendRequest {
  std::string receive_id_type;
  std::string receive_id;
  std::string msg_type;
  std::string content;
  std::string uuid;
};

SendRequest parse_send_request(const http::Exchange& exchange, const std::string& body) {
  SendRequest request;
  request.receive_id_type = exchange.request().query("receive_id_type").value_or("");
  static constexpr std::array<std::string_view, 5> kTypes = {"chat_id", "open_id", "union_id", "user_id", "email"};
  if (std::find(kTypes.begin(), kTypes.end(), request.receive_id_type) == kTypes.end()) {
    throw http::Refusal(errors::msg_invalid_param);
  }
  const auto json = http::parse_json_object(body);
  const auto text = [&](const char* key) {
    const auto* value = json ? json->if_contains(key) : nullptr;
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  request.receive_id = text("receive_id");
  request.msg_type = text("msg_type");
  request.content = text("content");
  request.uuid = text("uuid");
  if (request.receive_id.empty() || !is_sendable_message_type(request.msg_type) || request.uuid.size() > 50) {
    throw http::Refusal(errors::msg_invalid_param);
  }
  boost::system::error_code error;
  const boost::json::value content = boost::json::parse(request.content, error);
  if (error || !content.is_object()) throw http::Refusal(errors::msg_invalid_param);
  const bool rich = request.msg_type == "post";
  if (request.content.size() > (rich ? kMaxRichContent : kMaxTextContent)) {
    throw http::Refusal(errors::msg_content_too_long);
  }
  return request;
}

// The file type each resource-carrying message needs (the platform checks it: 230055).
std::optional<std::string_view> required_file_type(std::string_view msg_type) {
  if (msg_type == "audio") return "opus";
  if (msg_type == "media") return "mp4";
  return std::nullopt;
}

http::Exchange::StringResponse message_response(const Message& message) {
  return success(message_object(message, std::nullopt, "open_id"));
}

// message.get answers a list, as for a merged-forward message and its children.
http::Exchange::StringResponse items_response(const Message& message, const std::optional<User>& user,
                                              std::string_view user_id_type) {
  boost::json::array items;
  items.push_back(message_object(message, user, user_id_type));
  return success({{"items", std::move(items)}});
}

}  // namespace

void FeishuDialect::register_message_routes(http::Router& router) {
  using bhttp::verb;
  namespace ep = endpoints;
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  const http::RouteOptions small{kMaxBodyBytes};
  router.scope(messages_api_, {})
      .add(verb::post, "/open-apis/im/v1/messages", ep::im_message_create, bind(&FeishuDialect::create_message), small)
      .add(verb::get, "/open-apis/im/v1/messages", ep::im_message_list, bind(&FeishuDialect::list_messages), small)
      .add(verb::get, "/open-apis/im/v1/messages/:message_id", ep::im_message_get, bind(&FeishuDialect::get_message),
           small);
}

http::awaitable<void> FeishuDialect::create_message(http::Exchange& exchange) {
  const App app = admit(exchange, kMessageQuotas);
  const std::string body = co_await exchange.read_all(kMaxBodyBytes);
  const SendRequest request = parse_send_request(exchange, body);
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    Message draft;
    draft.sender_app_id = app.app_id;
    draft.msg_type = request.msg_type;
    draft.content = request.content;
    std::vector<std::string> members;
    std::string chat_type = "group";
    if (request.receive_id_type == "chat_id") {
      if (!model_.chat_exists(request.receive_id)) throw http::Refusal(errors::msg_receive_id_invalid);
      if (!model_.is_chat_member(request.receive_id, app.app_id)) throw http::Refusal(errors::msg_bot_not_in_chat);
      draft.chat_id = request.receive_id;
    } else {
      const auto user = users_.find_by_any_id(request.receive_id);
      if (!user) throw http::Refusal(errors::msg_receive_id_invalid);
      draft.chat_id = Model::p2p_chat_id(app.app_id, user->open_id);
      members.push_back(user->open_id);
      chat_type = "p2p";
    }
    // Only what the bot uploaded itself can be sent, each of the type its message needs.
    for (const std::string& key : resource_keys(boost::json::parse(draft.content))) {
      if (const auto file = model_.im_file(key)) {
        if (file->app_id != app.app_id) throw http::Refusal(errors::msg_not_resource_owner);
        const auto needed = required_file_type(draft.msg_type);
        if (needed && file->file_type != *needed) throw http::Refusal(errors::msg_type_mismatch);
      } else if (const auto image = model_.image(key)) {
        if (image->owner != app.app_id) throw http::Refusal(errors::msg_not_resource_owner);
      } else {
        throw http::Refusal(errors::msg_not_resource_owner);
      }
    }
    if (!request.uuid.empty()) {
      if (auto earlier = model_.message_by_uuid(app.app_id, request.uuid)) return message_response(*earlier);
    }
    return message_response(model_.post_message(std::move(draft), members, chat_type, request.uuid));
  });
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::get_message(http::Exchange& exchange) {
  const App app = admit(exchange, kMessageQuotas);
  const std::string user_id_type = exchange.request().query("user_id_type").value_or("open_id");
  check_user_id_type(user_id_type);
  const auto message = model_.message(exchange.param("message_id"));
  if (!message) throw http::Refusal(errors::msg_invalid_param);
  if (!model_.is_chat_member(message->chat_id, app.app_id)) throw http::Refusal(errors::msg_bot_not_in_chat);
  const auto user = message->sender_open_id.empty() ? std::nullopt : users_.find(message->sender_open_id);
  http::Exchange::StringResponse response = items_response(*message, user, user_id_type);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::list_messages(http::Exchange& exchange) {
  const App app = admit(exchange, kMessageQuotas);
  const auto& query = exchange.request();
  const std::string user_id_type = query.query("user_id_type").value_or("open_id");
  check_user_id_type(user_id_type);
  const std::string chat_id = query.query("container_id").value_or("");
  const std::string sort = query.query("sort_type").value_or("ByCreateTimeAsc");
  // Times are Unix seconds; the page token is the offset of the next page's first message.
  const auto number = [&](const char* key, std::int64_t fallback) -> std::optional<std::int64_t> {
    const auto text = query.query(key);
    if (!text) return fallback;
    return core::text::parse_i64(*text);
  };
  // Seconds beyond kMaxSeconds (year 33658) are no time a message has; capping them keeps the milliseconds finite.
  constexpr std::int64_t kMaxSeconds = 1'000'000'000'000;
  const auto start = number("start_time", 0);
  const auto end = number("end_time", kMaxSeconds);
  const auto page_size = number("page_size", kDefaultPageSize);
  const auto offset = number("page_token", 0);
  if (query.query("container_id_type").value_or("") != "chat" || chat_id.empty() ||
      (sort != "ByCreateTimeAsc" && sort != "ByCreateTimeDesc") || !start || !end || !page_size || !offset ||
      *page_size < 1 || *page_size > kMaxPageSize || *offset < 0 || *start < 0 || *end < 0 || *start > kMaxSeconds ||
      *end > kMaxSeconds) {
    throw http::Refusal(errors::msg_invalid_param);
  }
  if (!model_.chat_exists(chat_id)) throw http::Refusal(errors::msg_invalid_param);
  if (!model_.is_chat_member(chat_id, app.app_id)) throw http::Refusal(errors::msg_bot_not_in_chat);
  http::Exchange::StringResponse response = co_await http::run_blocking([&] {
    // The end second is included whole.
    std::vector<Message> all = model_.chat_messages(chat_id, *start * 1000, *end * 1000 + 999);
    if (sort == "ByCreateTimeDesc") std::reverse(all.begin(), all.end());
    boost::json::array items;
    const auto first = static_cast<std::size_t>(std::min<std::int64_t>(*offset, static_cast<std::int64_t>(all.size())));
    const std::size_t last = std::min(all.size(), first + static_cast<std::size_t>(*page_size));
    for (std::size_t i = first; i < last; ++i) {
      const auto user = all[i].sender_open_id.empty() ? std::nullopt : users_.find(all[i].sender_open_id);
      items.push_back(message_object(all[i], user, user_id_type));
    }
    boost::json::object data{{"has_more", last < all.size()}, {"items", std::move(items)}};
    if (last < all.size()) data["page_token"] = std::to_string(last);
    return success(std::move(data));
  });
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::dialects::feishu
