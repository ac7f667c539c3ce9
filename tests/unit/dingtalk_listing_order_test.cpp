// listAll's order (dialects/dingtalk/listing_order.hpp): by modification time, ASC or DESC, ties by id, and pages
// that continue after the previous page's last key.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dialects/dingtalk/listing_order.hpp"

using namespace filegate::dialects::dingtalk;

namespace {

Dentry dentry(std::string id, std::int64_t modified_ms) {
  Dentry d;
  d.id = std::move(id);
  d.modified_ms = modified_ms;
  return d;
}

std::vector<std::string> ids(const std::vector<std::pair<std::string, Dentry>>& page) {
  std::vector<std::string> out;
  for (const auto& [key, d] : page) out.push_back(d.id);
  return out;
}

// Created as 9, 10, 100, 11: modified out of id order, two in the same millisecond, ids of different lengths.
const std::vector<Dentry> kDentries{dentry("9", 3000), dentry("10", 1000), dentry("100", 2000), dentry("11", 2000)};

}  // namespace

TEST(DingTalkListingOrder, AscendingIsByModificationTimeThenId) {
  EXPECT_EQ(ids(modified_order_page(kDentries, false, "", 10)), (std::vector<std::string>{"10", "11", "100", "9"}));
}

TEST(DingTalkListingOrder, DescendingIsTheReverse) {
  EXPECT_EQ(ids(modified_order_page(kDentries, true, "", 10)), (std::vector<std::string>{"9", "100", "11", "10"}));
}

TEST(DingTalkListingOrder, PagesContinueAfterTheLastKeyEitherWay) {
  for (const bool descending : {false, true}) {
    std::vector<std::string> seen;
    std::string after;
    for (int pages = 0; pages < 10; ++pages) {
      const auto page = modified_order_page(kDentries, descending, after, 3);
      if (page.empty()) break;
      for (const auto& [key, d] : page) seen.push_back(d.id);
      after = page.back().first;
    }
    EXPECT_EQ(seen, ids(modified_order_page(kDentries, descending, "", 10))) << (descending ? "DESC" : "ASC");
  }
}
