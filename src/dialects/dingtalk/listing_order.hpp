#pragma once
// The order of listAll (POST …/dentries/listAll, option.order): by modification time, the only order the platform
// documents for it, ASC (its default) or DESC; dentries modified in the same millisecond by id. A page's nextToken
// carries the order key of its last dentry, so the next page starts right after it whichever way the list runs.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "dialects/dingtalk/model.hpp"

namespace filegate::dialects::dingtalk {

// Sorts the same way as the dentries it is made of: zero-padded modification time, then zero-padded id.
std::string modified_order_key(const Dentry& dentry);

// Up to `count` of `dentries` in that order, each with its key, from the first past `after_key` ("": the start).
std::vector<std::pair<std::string, Dentry>> modified_order_page(std::vector<Dentry> dentries, bool descending,
                                                                const std::string& after_key, std::size_t count);

}  // namespace filegate::dialects::dingtalk
