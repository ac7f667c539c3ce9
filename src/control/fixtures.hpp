#pragma once
// Loading a fixtures document (docs/fixtures.md): TOML from a file (`--fixtures`) or from a body posted to the admin
// API, turned into JSON and handed to each dialect's apply_fixtures. Errors name the file, the line and the key.
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "dialects/dialect.hpp"

namespace filegate::control {

class Faults;

// A fixtures document that cannot be parsed or applied. what(): "fixtures.toml:12: feishu.apps[0].app_id: is required".
class FixturesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FixturesDocument {
 public:
  // Throws FixturesError when the file cannot be read or is not valid TOML.
  static FixturesDocument from_file(const std::filesystem::path& file);
  // A document posted to the admin API: content inline only (see dialects::FixtureSource).
  static FixturesDocument from_text(std::string_view toml, std::string origin);

  // Applies every dialect's table, and adds the [[faults]] rules to `faults` (marked as the start-up fixtures' when
  // `start_up`, so that reset keeps them); returns the rules added, as listed (with their ids). Throws
  // FixturesError.
  std::vector<boost::json::object> apply(std::span<dialects::Dialect* const> dialects, Faults* faults = nullptr,
                                         bool start_up = false) const;
  // The admin token the document declares (top-level `admin_token`), if any.
  std::optional<std::string> admin_token() const;

 private:
  FixturesDocument(boost::json::object root, std::map<std::string, int> lines, std::string origin,
                   dialects::FixtureSource source);
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

  boost::json::object root_;
  std::map<std::string, int> lines_;  // key path ("feishu.apps[0].app_id") -> line in the document
  std::string origin_;                // what error messages call the document: its file name, or "request body"
  dialects::FixtureSource source_;
};

}  // namespace filegate::control
