#pragma once
// What the fixtures tests of every dialect share: a fixtures document applied to dialect D over a throw-away store,
// the store's object count, and the error text a document stops with.
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "control/fixtures.hpp"
#include "control/store_state.hpp"
#include "dialect_fixture.hpp"

namespace filegate::test_support {

template <typename D>
class DialectFixturesTest : public DialectTest<D> {
 protected:
  std::vector<dialects::Dialect*> dialects() { return {&this->dialect()}; }
  core::Store& store() { return *this->harness_.store; }

  void apply(std::string_view toml) { control::FixturesDocument::from_text(toml, "doc.toml").apply(dialects()); }
  boost::json::array objects() { return control::list_objects(store(), dialects()); }
  std::size_t object_count() {
    std::size_t n = 0;
    for (auto it = store().metadata().scan_objects(); it.valid(); it.next()) ++n;
    return n;
  }
  // The message a document stops with; "applied" when it applies.
  std::string apply_error(std::string_view toml) {
    try {
      apply(toml);
    } catch (const control::FixturesError& e) {
      return e.what();
    }
    return "applied";
  }
  // The bytes of stored object `object_id`.
  std::string content(const std::string& object_id) {
    const auto object = store().metadata().object(object_id);
    if (!object) return "<no object " + object_id + ">";
    const core::BlobReader blob = store().open(*object);
    std::string out(blob.size, '\0');
    if (::pread(blob.fd.get(), out.data(), out.size(), 0) != static_cast<ssize_t>(out.size())) return "<short read>";
    return out;
  }
};

}  // namespace filegate::test_support
