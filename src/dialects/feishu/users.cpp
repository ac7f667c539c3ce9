#include "dialects/feishu/users.hpp"

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kUsers = "feishu.user";  // keyed by open_id

struct UserRecord {
  std::string union_id;
  std::string user_id;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(UserRecord, (), (union_id, user_id, name))

User user_from(const std::string& open_id, const boost::json::object& o) {
  auto r = core::from_record<UserRecord>(o);
  return User{open_id, std::move(r.union_id), std::move(r.user_id), std::move(r.name)};
}

core::WriteBatch write_of(const User& user) {
  return core::WriteBatch().put(kUsers, user.open_id,
                                core::to_record(UserRecord{user.union_id, user.user_id, user.name}));
}

}  // namespace

User Users::create(User draft) {
  if (draft.open_id.empty()) draft.open_id = "ou_" + core::random_hex(16);
  if (draft.union_id.empty()) draft.union_id = "on_" + core::random_hex(16);
  if (draft.user_id.empty()) draft.user_id = core::random_hex(4);
  if (draft.name.empty()) draft.name = "user";
  core::WriteBatch writes;
  writes.create(kUsers, draft.open_id, core::to_record(UserRecord{draft.union_id, draft.user_id, draft.name}));
  store_.metadata().commit(writes);
  return draft;
}

void Users::put(const User& user) { store_.metadata().commit(write_of(user)); }

std::optional<User> Users::find(const std::string& open_id) const {
  auto o = store_.metadata().record(kUsers, open_id);
  if (!o) return std::nullopt;
  return user_from(open_id, *o);
}

std::optional<User> Users::find_by_any_id(const std::string& id) const {
  if (auto user = find(id)) return user;
  for (auto it = store_.metadata().scan(kUsers); it.valid(); it.next()) {
    User user = user_from(it.key(), it.value());
    if (user.union_id == id || user.user_id == id) return user;
  }
  return std::nullopt;
}

std::vector<User> Users::all() const {
  std::vector<User> out;
  for (auto it = store_.metadata().scan(kUsers); it.valid(); it.next()) out.push_back(user_from(it.key(), it.value()));
  return out;
}

}  // namespace filegate::dialects::feishu
