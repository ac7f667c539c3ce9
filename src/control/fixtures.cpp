#include "control/fixtures.hpp"

#include <toml++/toml.h>

#include <sstream>

#include "control/faults.hpp"

namespace filegate::control {
namespace {

// TOML to JSON, recording the line of every value under its key path ("feishu.apps[0].app_id").
class Converter {
 public:
  explicit Converter(std::map<std::string, int>& lines) : lines_(lines) {}

  boost::json::object table(const toml::table& t, const std::string& path) {
    boost::json::object out;
    for (auto&& [key, node] : t) {
      const std::string child = path.empty() ? std::string(key.str()) : path + "." + std::string(key.str());
      out[key.str()] = value(node, child);
    }
    return out;
  }

 private:
  boost::json::value value(const toml::node& node, const std::string& path) {
    lines_[path] = static_cast<int>(node.source().begin.line);
    switch (node.type()) {
      case toml::node_type::table:
        return table(*node.as_table(), path);
      case toml::node_type::array: {
        boost::json::array out;
        std::size_t i = 0;
        for (const toml::node& item : *node.as_array())
          out.push_back(value(item, path + "[" + std::to_string(i++) + "]"));
        return out;
      }
      case toml::node_type::string:
        return boost::json::string(node.as_string()->get());
      case toml::node_type::integer:
        return node.as_integer()->get();
      case toml::node_type::floating_point:
        return node.as_floating_point()->get();
      case toml::node_type::boolean:
        return node.as_boolean()->get();
      default: {  // dates and times: as TOML writes them
        std::ostringstream text;
        node.visit([&](const auto& value) { text << value; });
        return boost::json::string(text.str());
      }
    }
  }

  std::map<std::string, int>& lines_;
};

}  // namespace

FixturesDocument::FixturesDocument(boost::json::object root, std::map<std::string, int> lines, std::string origin,
                                   dialects::FixtureSource source)
    : root_(std::move(root)), lines_(std::move(lines)), origin_(std::move(origin)), source_(std::move(source)) {}

FixturesDocument FixturesDocument::from_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw FixturesError(file.string() + ": no such fixtures file");
  try {
    const toml::table parsed = toml::parse_file(file.string());
    std::map<std::string, int> lines;
    boost::json::object root = Converter(lines).table(parsed, "");
    return FixturesDocument(std::move(root), std::move(lines), file.string(),
                            {std::filesystem::absolute(file).parent_path()});
  } catch (const toml::parse_error& e) {
    throw FixturesError(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                        std::string(e.description()));
  }
}

FixturesDocument FixturesDocument::from_text(std::string_view toml, std::string origin) {
  try {
    const toml::table parsed = toml::parse(toml, origin);
    std::map<std::string, int> lines;
    boost::json::object root = Converter(lines).table(parsed, "");
    return FixturesDocument(std::move(root), std::move(lines), std::move(origin), {});
  } catch (const toml::parse_error& e) {
    throw FixturesError(origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
}

void FixturesDocument::fail(const std::string& key, const std::string& message) const {
  // A missing key has no line of its own: point at the nearest enclosing entry that has one.
  std::string at = key;
  while (!at.empty() && !lines_.contains(at)) {
    const auto cut = at.find_last_of(".[");
    at = cut == std::string::npos ? std::string() : at.substr(0, cut);
  }
  const std::string line = at.empty() ? "" : ":" + std::to_string(lines_.at(at));
  throw FixturesError(origin_ + line + ": " + key + ": " + message);
}

std::optional<std::string> FixturesDocument::admin_token() const {
  const auto* token = root_.if_contains("admin_token");
  if (!token) return std::nullopt;
  if (!token->is_string() || token->get_string().empty()) fail("admin_token", "must be a non-empty string");
  return std::string(token->get_string());
}

std::vector<boost::json::object> FixturesDocument::apply(std::span<dialects::Dialect* const> dialects, Faults* faults,
                                                         bool start_up) const {
  std::vector<boost::json::object> added;
  dialects::FixtureTable top(root_, "", source_);
  try {
    if (top.has("admin_token")) top.string("admin_token");
    for (dialects::Dialect* dialect : dialects) {
      if (auto section = top.table(dialect->name())) dialect->apply_fixtures(*section);
    }
    const std::size_t rules = top.tables("faults").size();  // read below as plain JSON: the rules check themselves
    top.finish();
    if (rules > 0 && !faults) fail("faults", "fault rules need a running server");
    for (std::size_t i = 0; i < rules; ++i) {
      const std::string at = "faults[" + std::to_string(i) + "]";
      try {
        added.push_back(faults->add(root_.at("faults").as_array().at(i).as_object(), start_up));
      } catch (const FaultRuleError& e) {
        fail(at + "." + e.key(), e.what());
      }
    }
  } catch (const dialects::FixtureError& e) {
    fail(e.key(), e.what());
  }
  return added;
}

}  // namespace filegate::control
