#include "control/store_state.hpp"

#include <map>

#include "core/garbage_collector.hpp"
#include "core/text.hpp"

namespace filegate::control {
namespace {

using HandlesByObject = std::map<std::string, boost::json::array, std::less<>>;

HandlesByObject handles_by_object(DialectList dialects) {
  HandlesByObject all;
  for (dialects::Dialect* dialect : dialects) {
    for (const dialects::FileHandle& file : dialect->files()) {
      boost::json::object handle{
          {"dialect", dialect->name()}, {"kind", file.kind}, {"handle", file.handle}, {"owner", file.owner}};
      if (!file.path.empty()) handle["path"] = file.path;
      all[file.object_id].push_back(std::move(handle));
    }
  }
  return all;
}

boost::json::object object_json(const core::ObjectRecord& o, const HandlesByObject& handles) {
  const auto found = handles.find(o.id);
  return {{"id", o.id},
          {"name", o.name},
          {"size", o.digests.size},
          {"sha256", o.digests.sha256_hex},
          {"content_type", o.content_type},
          {"origin", o.origin},
          {"created_at", core::text::iso8601_utc(o.created_at_ms, core::text::TimePrecision::milliseconds)},
          {"handles", found == handles.end() ? boost::json::array() : found->second}};
}

}  // namespace

dialects::Dialect* find_dialect(DialectList dialects, std::string_view name) {
  for (dialects::Dialect* dialect : dialects) {
    if (dialect->name() == name) return dialect;
  }
  return nullptr;
}

boost::json::array list_accounts(DialectList dialects) {
  boost::json::array all;
  for (dialects::Dialect* dialect : dialects) {
    for (const dialects::Account& account : dialect->accounts()) {
      all.push_back(boost::json::object{
          {"dialect", dialect->name()}, {"name", account.name}, {"credentials", account.credentials}});
    }
  }
  return all;
}

boost::json::array list_objects(core::Store& store, DialectList dialects) {
  const HandlesByObject handles = handles_by_object(dialects);
  boost::json::array all;
  for (auto it = store.metadata().scan_objects(); it.valid(); it.next())
    all.push_back(object_json(it.value(), handles));
  return all;
}

boost::json::value describe_object(core::Store& store, DialectList dialects, std::string_view object_id) {
  const auto object = store.metadata().object(object_id);
  if (!object) return nullptr;
  return object_json(*object, handles_by_object(dialects));
}

void restore_state(dialects::Services& services, const std::filesystem::path& metadata_copy) {
  core::Store& store = services.store;
  store.metadata().restore_copy(metadata_copy);
  // The restored records name no upload in progress and no blob the copy's objects lack: the rest goes now.
  core::collect_garbage(store, {.grace_ms = 0, .keep_objects = true});
  services.rate_limiter.clear();
}

}  // namespace filegate::control
