#pragma once
// The people of the Feishu tenant: users who send files to bots and sign in to apps. Each has the platform's three
// ids: open_id (ou_…, what events and messages name), union_id (on_…) and user_id (the tenant's own).
#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace filegate::dialects::feishu {

struct User {
  std::string open_id;
  std::string union_id;
  std::string user_id;
  std::string name;
};

class Users {
 public:
  explicit Users(core::Store& store) : store_(store) {}

  // A new user; ids left empty in `draft` are generated in the platform's formats.
  User create(User draft);
  // Creates or replaces the user with exactly these ids (fixtures).
  void put(const User& user);
  std::optional<User> find(const std::string& open_id) const;
  // The user any of whose three ids is `id`.
  std::optional<User> find_by_any_id(const std::string& id) const;
  std::vector<User> all() const;

 private:
  core::Store& store_;
};

}  // namespace filegate::dialects::feishu
