// What every registered dialect's catalogs promise, checked over the registry so a new dialect is checked too:
// unique names, a code and message for every entry, endpoints that are routes of the entry's own surface, the
// failures no handler answers (unknown path, too large, malformed, internal) taken from that surface's catalog, and
// every catalog a route can answer from listed by the dialect (what `filegate errors` and faults see).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "dialect_fixture.hpp"

namespace filegate {
namespace {

class EveryDialect : public ::testing::TestWithParam<dialects::DialectEntry> {};

bool same_catalog(http::ErrorCatalog a, http::ErrorCatalog b) { return a.data() == b.data() && a.size() == b.size(); }

TEST_P(EveryDialect, CatalogEntriesAreNamedUniquelyWithCodeStatusAndMessage) {
  for (const http::Envelope* envelope : GetParam().envelopes()) {
    std::set<std::string_view> names;
    for (const http::ErrorEntry* entry : envelope->catalog()) {
      EXPECT_TRUE(names.insert(entry->name).second) << "duplicate name " << entry->name;
      EXPECT_FALSE(entry->code.empty()) << entry->name;
      EXPECT_FALSE(entry->message.empty()) << entry->name;
      EXPECT_GE(entry->status, 200u) << entry->name;
      EXPECT_LT(entry->status, 600u) << entry->name;
      EXPECT_EQ(http::find_error(envelope->catalog(), entry->name), entry);
    }
  }
}

TEST_P(EveryDialect, RoutesAnswerFromListedCatalogsAndEntriesNameRoutesOfTheirSurface) {
  test_support::DialectHarness harness(GetParam());
  const auto listed = GetParam().envelopes();
  std::map<std::string_view, http::ErrorCatalog> route_catalogs;
  for (const auto& route : harness.router.endpoints()) {
    EXPECT_TRUE(route.name.starts_with(std::string(GetParam().name) + ".")) << route.name;
    const http::ErrorCatalog catalog = route.envelope->catalog();
    route_catalogs.emplace(route.name, catalog);
    bool is_listed = false;
    for (const http::Envelope* envelope : listed) is_listed |= same_catalog(envelope->catalog(), catalog);
    EXPECT_TRUE(is_listed) << route.name << " answers from a catalog envelopes() does not list";

    const http::EnvelopeErrors& e = route.envelope->errors();
    for (const http::ErrorEntry* entry : {e.not_found, e.too_large, e.malformed, e.internal}) {
      ASSERT_NE(entry, nullptr) << route.name;
      EXPECT_EQ(http::find_error(catalog, entry->name), entry) << route.name << ": " << entry->name;
    }
  }
  ASSERT_FALSE(route_catalogs.empty());
  for (const http::Envelope* envelope : listed) {
    for (const http::ErrorEntry* entry : envelope->catalog()) {
      for (std::string_view endpoint : entry->endpoints) {
        const auto route = route_catalogs.find(endpoint);
        ASSERT_NE(route, route_catalogs.end()) << entry->name << " names " << endpoint << ", which is no route";
        EXPECT_TRUE(same_catalog(route->second, envelope->catalog()))
            << entry->name << " names " << endpoint << " of another surface";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryDialect,
                         ::testing::ValuesIn(dialects::registered_dialects().begin(),
                                             dialects::registered_dialects().end()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Registry, NamesAreUniqueAndEachDialectSaysItsOwnName) {
  std::set<std::string_view> names;
  for (const auto& entry : dialects::registered_dialects()) {
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
    test_support::DialectHarness harness(entry);
    EXPECT_EQ(harness.dialect->name(), entry.name);
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"feishu", "smh", "dingtalk", "coze"}));
}

}  // namespace
}  // namespace filegate
