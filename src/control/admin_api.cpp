#include "control/admin_api.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include "control/admin_common.hpp"
#include "control/fixtures.hpp"
#include "control/state_archive.hpp"
#include "control/store_state.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "http/blob_response.hpp"
#include "http/blocking_work.hpp"
#include "http/envelope.hpp"
#include "http/json_response.hpp"

namespace filegate::control {
namespace {

using http::bhttp::verb;

constexpr std::uint64_t kMaxRequestBody = 16 << 20;  // a fixtures document with inline content
constexpr std::uint64_t kMaxImportBytes = 64ull << 30;

dialects::Dialect& dialect_named(DialectList dialects, const std::string& name) {
  dialects::Dialect* dialect = find_dialect(dialects, name);
  if (!dialect) throw http::Refusal(kAdminNotFound, "no dialect " + name);
  return *dialect;
}

// The path parameter `name`, percent-decoded; kAdminBadRequest when it does not decode.
std::string path_param(const http::Exchange& exchange, const std::string& name) {
  auto value = http::percent_decode(exchange.param(name));
  if (!value) throw http::Refusal(kAdminBadRequest, "malformed path");
  return std::move(*value);
}

// Every query parameter but those named: the dialect's own import options (e.g. Feishu's file_type).
boost::json::object options_from_query(std::string_view raw_query, std::initializer_list<std::string_view> taken) {
  boost::json::object options;
  while (!raw_query.empty()) {
    const auto amp = raw_query.find('&');
    const std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    const auto eq = pair.find('=');
    const auto name = http::query_decode(pair.substr(0, eq));
    const auto value = http::query_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!name || !value) throw http::Refusal(kAdminBadRequest, "malformed query string");
    if (std::find(taken.begin(), taken.end(), *name) == taken.end()) options[*name] = *value;
  }
  return options;
}

// POST faults with a rule as listed: how another node is told of a rule this one added.
Cluster::Call rule_added_call(const boost::json::object& rule) {
  return {verb::post, std::string(kAdminApiBase) + "faults", boost::json::serialize(rule)};
}

http::Exchange::StringResponse applied_body() {
  return http::json_response(200, boost::json::object{{"applied", true}});
}

http::Exchange::StringResponse reset_body() { return http::json_response(200, boost::json::object{{"reset", true}}); }

http::Exchange::StringResponse imported_state_body() {
  return http::json_response(200, boost::json::object{{"imported", true}});
}

http::Exchange::StringResponse imported_body(std::string_view dialect, const std::string& handle) {
  return http::json_response(201, boost::json::object{{"dialect", dialect}, {"handle", handle}});
}

}  // namespace

AdminApi::AdminApi(dialects::Services& services, std::vector<dialects::Dialect*> dialects, Cluster& cluster,
                   std::string admin_token, std::filesystem::path state_dir)
    : services_(services),
      dialects_(std::move(dialects)),
      cluster_(cluster),
      admin_token_(std::move(admin_token)),
      state_dir_(std::move(state_dir)) {
  std::filesystem::create_directories(state_dir_);
}

void AdminApi::save_reset_point() { services_.store.metadata().save_copy(reset_point()); }

void AdminApi::register_routes(http::Router& router) {
  auto call = [this](Call c) { return [this, c](http::Exchange& e) { return run(e, c); }; };
  const std::string base(kAdminApiBase);
  router.scope(http::filegate_envelope(), {base})
      .add(verb::get, base + "apps", "filegate.apps.list", call(&AdminApi::list_apps))
      .add(verb::post, base + "apps", "filegate.apps.create", call(&AdminApi::create_app))
      .add(verb::delete_, base + "apps/:dialect/:id", "filegate.apps.delete", call(&AdminApi::delete_app))
      .add(verb::get, base + "objects", "filegate.objects.list", call(&AdminApi::list_objects))
      .add(verb::get, base + "objects/:id", "filegate.objects.get", call(&AdminApi::get_object))
      .add(verb::get, base + "objects/:id/content", "filegate.objects.content",
           [this](http::Exchange& e) { return object_content(e); })
      .add(
          verb::post, base + "files/:dialect", "filegate.files.import",
          [this](http::Exchange& e) { return import_file(e); }, http::RouteOptions{kMaxImportBytes})
      .add(verb::delete_, base + "files/:dialect/:handle", "filegate.files.delete", call(&AdminApi::delete_file))
      .add(
          verb::post, base + "fixtures", "filegate.fixtures.apply",
          [this](http::Exchange& e) { return apply_fixtures(e); }, http::RouteOptions{kMaxRequestBody})
      .add(verb::post, base + "reset", "filegate.reset", [this](http::Exchange& e) { return reset(e); })
      .add(verb::post, base + "gc", "filegate.gc", call(&AdminApi::collect_garbage))
      .add(verb::get, base + "export", "filegate.export", [this](http::Exchange& e) { return export_state(e); })
      .add(
          verb::post, base + "import", "filegate.import", [this](http::Exchange& e) { return import_state(e); },
          http::RouteOptions{kMaxImportBytes});
}

void AdminApi::authorize(const http::Exchange& exchange) const { require_admin_token(exchange, admin_token_); }

// Every call may scan or commit: all of it runs on the blocking pool, once the body has been read.
http::awaitable<void> AdminApi::run(http::Exchange& exchange, Call call) {
  authorize(exchange);
  const std::string body = co_await exchange.read_all(kMaxRequestBody);
  StringResponse response = co_await http::run_blocking([&] { return (this->*call)(exchange, body); });
  co_await exchange.respond(std::move(response));
}

AdminApi::StringResponse AdminApi::list_apps(http::Exchange&, const std::string&) {
  return http::json_response(200, boost::json::object{{"apps", control::list_accounts(dialects_)}});
}

AdminApi::StringResponse AdminApi::create_app(http::Exchange&, const std::string& body) {
  const boost::json::object request = parse_admin_body(body);
  dialects::Dialect& dialect = dialect_named(dialects_, string_field(request, "dialect"));
  dialects::AccountRequest account_request{string_field(request, "name"), {}};
  if (const auto* options = request.if_contains("options"); options && options->is_object()) {
    account_request.options = options->get_object();
  }
  if (account_request.name.empty()) account_request.name = "app";
  const dialects::Account account = dialect.create_account(account_request);
  return http::json_response(
      201,
      boost::json::object{{"dialect", dialect.name()}, {"name", account.name}, {"credentials", account.credentials}});
}

AdminApi::StringResponse AdminApi::list_objects(http::Exchange&, const std::string&) {
  return http::json_response(200, boost::json::object{{"objects", control::list_objects(services_.store, dialects_)}});
}

AdminApi::StringResponse AdminApi::get_object(http::Exchange& exchange, const std::string&) {
  const auto id = http::percent_decode(exchange.param("id"));
  boost::json::value object = id ? describe_object(services_.store, dialects_, *id) : nullptr;
  if (object.is_null()) throw http::Refusal(kAdminNotFound, "no such object");
  return http::json_response(200, object);
}

// DELETE apps/{dialect}/{id}: the account and everything it owns (Dialect::delete_account).
AdminApi::StringResponse AdminApi::delete_app(http::Exchange& exchange, const std::string&) {
  dialects::Dialect& dialect = dialect_named(dialects_, path_param(exchange, "dialect"));
  const std::string id = path_param(exchange, "id");
  if (!dialect.delete_account(id)) throw http::Refusal(kAdminNotFound, "no such account");
  return http::json_response(200, boost::json::object{{"deleted", id}, {"dialect", dialect.name()}});
}

AdminApi::StringResponse AdminApi::delete_file(http::Exchange& exchange, const std::string&) {
  dialects::Dialect& dialect = dialect_named(dialects_, path_param(exchange, "dialect"));
  const std::string handle = path_param(exchange, "handle");
  if (!dialect.delete_file(handle)) throw http::Refusal(kAdminNotFound, "no such file");
  return http::json_response(200, boost::json::object{{"deleted", handle}});
}

// The records the document writes are every node's at once (the store is shared); its fault rules go to the other
// nodes of a cluster as rules added through the API, with the ids this node gave them.
http::awaitable<void> AdminApi::apply_fixtures(http::Exchange& exchange) {
  authorize(exchange);
  const std::string body = co_await exchange.read_all(kMaxRequestBody);
  const std::vector<boost::json::object> rules = co_await http::run_blocking([&] {
    try {
      return FixturesDocument::from_text(body, "request body").apply(dialects_, faults_);
    } catch (const FixturesError& e) {
      throw http::Refusal(kAdminBadRequest, e.what());
    }
  });
  for (const boost::json::object& rule : rules) {
    Cluster::Call call = rule_added_call(rule);
    const std::vector<Cluster::PeerAnswer> answers = co_await cluster_.forward(std::move(call));
  }
  auto response = applied_body();
  co_await exchange.respond(std::move(response));
}

void AdminApi::reset_node_memory() {
  services_.rate_limiter.clear();
  if (faults_) faults_->reset();
}

// On a cluster the oldest node's reset point is the cluster's (a node added later saved its own after the tests had
// begun): another node hands the reset over to it, unless it cannot be reached. The node that restores the store
// then has every other node reset what it keeps in memory.
http::awaitable<void> AdminApi::reset(http::Exchange& exchange) {
  authorize(exchange);
  std::string body = co_await exchange.read_all(kMaxRequestBody);
  const Cluster::Forwarded forwarded = Cluster::forwarded(exchange);
  if (forwarded == Cluster::Forwarded::node_only) {
    reset_node_memory();
    auto response = reset_body();
    co_await exchange.respond(std::move(response));
    co_return;
  }
  if (forwarded == Cluster::Forwarded::no) {
    const std::optional<core::NodeInfo> oldest = co_await cluster_.older_node();
    if (oldest) {
      Cluster::Call call = Cluster::call_of(exchange, body);
      const http::OutboundResponse answer =
          co_await cluster_.forward_to(*oldest, std::move(call), Cluster::Forwarded::on_behalf);
      if (answer.status == 200) {
        auto response = reset_body();
        co_await exchange.respond(std::move(response));
        co_return;
      }
      spdlog::warn("node {} did not take the reset over: this node resets the store to its own reset point",
                   oldest->id);
    }
  }
  co_await http::run_blocking([&] { restore_state(services_, reset_point()); });  // rate-limit windows too
  if (faults_) faults_->reset();
  spdlog::info("the store was reset to its start-up state");
  const std::vector<Cluster::PeerAnswer> answers = co_await cluster_.forward(exchange, std::move(body));
  auto response = reset_body();
  co_await exchange.respond(std::move(response));
}

// POST gc {"grace_s": n, "dry_run": bool}: collects garbage now. A grace of 0 takes everything unreferenced: only
// for a store with no upload in flight (a published blob is unreferenced until its commit).
AdminApi::StringResponse AdminApi::collect_garbage(http::Exchange&, const std::string& body) {
  if (!gc_) throw http::Refusal(kAdminNotFound, "garbage collection is not available");
  const boost::json::object request = parse_admin_body(body);
  std::int64_t grace_ms = gc_grace_ms_;
  if (const auto* grace = request.if_contains("grace_s")) {
    if (!grace->is_int64() || grace->get_int64() < 0) {
      throw http::Refusal(kAdminBadRequest, "grace_s must be a whole number of seconds, 0 or more");
    }
    grace_ms = grace->get_int64() * 1000;
  }
  bool dry_run = false;
  if (const auto* dry = request.if_contains("dry_run")) {
    if (!dry->is_bool()) throw http::Refusal(kAdminBadRequest, "dry_run must be true or false");
    dry_run = dry->get_bool();
  }
  const GarbageRun run = gc_->run(grace_ms, dry_run);
  spdlog::info("{}", describe(run));
  return http::json_response(200, to_json(run));
}

http::awaitable<void> AdminApi::object_content(http::Exchange& exchange) {
  authorize(exchange);
  const auto id = http::percent_decode(exchange.param("id"));
  const auto object = id ? services_.store.metadata().object(*id) : nullptr;
  if (!object) throw http::Refusal(kAdminNotFound, "no such object");
  const core::BlobReader blob = co_await http::open_blob(services_.store, *object);
  http::BlobResponseOptions options;
  options.content_type = object->content_type;
  options.attachment_filename = object->name;
  co_await http::send_blob(exchange, blob, options);
}

// POST files/{dialect}?owner=…&name=…[&option=…]: the body, streamed into the store, as if the owner had uploaded it.
http::awaitable<void> AdminApi::import_file(http::Exchange& exchange) {
  authorize(exchange);
  const auto name = http::percent_decode(exchange.param("dialect"));
  dialects::Dialect& dialect = dialect_named(dialects_, name.value_or(""));
  const auto& request = exchange.request();
  dialects::ImportRequest import_request{request.query("owner").value_or(""), request.query("name").value_or(""),
                                         options_from_query(request.raw_query(), {"owner", "name"})};
  if (import_request.owner.empty() || import_request.name.empty())
    throw http::Refusal(kAdminBadRequest, "owner and name are required");
  auto staged = services_.store.stage();
  co_await exchange.read_into(*staged);
  const std::string handle = co_await http::run_blocking([&] {
    try {
      return dialect.import_file(*staged, import_request);
    } catch (const dialects::UsageError& e) {
      throw http::Refusal(kAdminBadRequest, e.what());
    }
  });
  StringResponse response = imported_body(dialect.name(), handle);
  co_await exchange.respond(std::move(response));
}

// The archive is written to a file first (the blocking pool does that), then sent by sendfile like any blob; the file
// is unlinked as soon as it is open, so nothing is left behind however the download ends.
core::BlobReader AdminApi::write_export() {
  const std::filesystem::path file = state_dir_ / ("export-" + core::random_hex(8) + ".tar");
  try {
    write_state_archive(services_.store, file, state_dir_);
    core::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) throw std::runtime_error("cannot reopen the export");
    std::filesystem::remove(file);
    return core::BlobReader{core::SharedFd(std::move(fd)), static_cast<std::uint64_t>(st.st_size)};
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    throw;
  }
}

http::awaitable<void> AdminApi::export_state(http::Exchange& exchange) {
  authorize(exchange);
  const core::BlobReader archive = co_await http::run_blocking([&] { return write_export(); });
  http::BlobResponseOptions options;
  options.content_type = "application/x-tar";
  options.attachment_filename = "filegate-export.tar";
  co_await http::send_blob(exchange, archive, options);
}

// The posted archive is stored like an upload (streamed, hashed), then read back from the store; restoring the
// state drops it with every other blob nothing refers to.
http::awaitable<void> AdminApi::import_state(http::Exchange& exchange) {
  authorize(exchange);
  auto staged = services_.store.stage();
  co_await exchange.read_into(*staged);
  co_await http::run_blocking([&] {
    const std::string sha256 = staged->seal().sha256_hex;
    services_.store.blobs().publish(*staged);
    const core::BlobReader archive = services_.store.blobs().open(sha256);
    try {
      read_state_archive(services_, archive.fd.get(), state_dir_);
    } catch (const ArchiveError& e) {
      throw http::Refusal(kAdminBadRequest, e.what());
    }
  });
  StringResponse response = imported_state_body();
  co_await exchange.respond(std::move(response));
}

}  // namespace filegate::control
