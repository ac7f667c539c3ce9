#pragma once
// What every platform dialect gets from the server, and what it gives back: routes, error catalogs, accounts and
// admin commands. Dialects reach storage only through the core interfaces below, never SQLite or the file system.
// A dialect is one folder plus one line in registry.cpp (see src/dialects/README.md).
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/fixtures.hpp"
#include "http/beast.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace filegate::dialects {
namespace bhttp = boost::beast::http;

struct Services {
  core::Store& store;
  core::TokenService& tokens;
  core::UrlSigner& signer;
  core::RateLimiter& rate_limiter;
  const core::Clock& clock;
  bool rate_limits_enabled = true;
  std::string public_url;  // `--public-url`, its path prefix included; empty: derive from each request
  std::string listen_url;  // "http://<listen>:<port>", for requests without a usable Host header
  // Records a request filegate itself makes (an event delivered to an app's webhook) where the requests it serves
  // are recorded: metrics, the request journal, the access log. Unset outside `serve`; called on any thread.
  http::AccessLog record_outbound;

  // The base of the URLs handed to the client of `exchange` (signed URLs, upload domains): the public URL when set,
  // else "http://" + the request's Host header, so that clients on the host and in a container network each get a
  // URL they can reach (as MinIO signs with the request's host). A Host that is not a plain host[:port] is never
  // reflected: listen_url then.
  std::string base_url(const http::Exchange& exchange) const;
  // The same outside any request (the start banner): the public URL, else listen_url.
  const std::string& default_base_url() const { return public_url.empty() ? listen_url : public_url; }
};

// A request an admin command or the admin API cannot carry out, with a message for the user (no such owner, not
// supported). Anything else thrown is an internal error, whose text is logged but never shown.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `work` for a fixtures entry: the UsageError of a helper it shares with imports becomes an error of `key`.
template <typename Work>
auto at_fixture_key(FixtureTable& entry, std::string_view key, Work&& work) {
  try {
    return work();
  } catch (const UsageError& e) {
    entry.fail(key, e.what());
  }
}

// An account as the platform issues it: a Feishu or DingTalk app, an SMH library, a Coze personal access token.
struct Account {
  std::string name;
  boost::json::object credentials;  // in the platform's own words and order, e.g. {app_id, app_secret}
};

// The accounts of a model's `records`, each made by `account_of`.
template <typename Records, typename AccountOf>
std::vector<Account> to_accounts(const Records& records, AccountOf account_of) {
  std::vector<Account> all;
  all.reserve(records.size());
  for (const auto& record : records) all.push_back(account_of(record));
  return all;
}

struct AccountRequest {
  std::string name;
  boost::json::object options;  // the dialect's own, e.g. SMH's {"multi_space": true}
};

// Bytes stored as if a client had uploaded them, without the HTTP round trip.
struct ImportRequest {
  std::string owner;            // the account that uploads: an app id, a library id …
  std::string name;             // the file name to record
  boost::json::object options;  // the dialect's own, e.g. Feishu's {"file_type": "pdf"}

  // The option `key` as text; empty when it is absent or not a string.
  std::string option(std::string_view key) const {
    const auto* value = options.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
  }
};

// A stored file as the dialect's clients name it: what the admin API lists, and deletes by.
struct FileHandle {
  std::string kind;       // what the platform calls the handle: "file_key", "file_token", "dentry_id", "path" …
  std::string handle;     // its value, as a client passes it
  std::string owner;      // the account it belongs to (app id, library id …)
  std::string object_id;  // the core object that holds its bytes
  // Where the file sits, when the handle does not say it (a DingTalk dentry id): "<space id>/reports/q1.pdf".
  // Empty when the handle is the whole story; the admin API lists it only when set.
  std::string path = {};
};

class Dialect;

// A call of filegate's admin API that only one dialect understands, under /_filegate/api/v1/<dialect>/<path> (a
// Feishu user sending a message to a chat, an app's event subscription). The control plane checks the admin token,
// reads the JSON body (at most 1 MiB) and runs `run` on the blocking pool: it may block, commit and wait. A
// UsageError it throws answers 400 with its message; an http::Refusal is rendered as thrown.
struct AdminRoute {
  struct Result {
    unsigned status = 200;
    boost::json::value body;
  };
  bhttp::verb verb;
  std::string path;      // below the dialect's prefix, with the router's :params, e.g. "apps/:app_id/events"
  std::string endpoint;  // its name in the journal and the metrics, e.g. "filegate.feishu.messages.send"
  // `body` is the parsed JSON object (empty when the request had none); path parameters come from `exchange`.
  std::function<Result(const http::Exchange& exchange, const boost::json::object& body)> run;
};

// What admin commands work on once the command line is parsed (the data dir is known only then).
class AdminContext {
 public:
  virtual ~AdminContext() = default;
  // The data dir's store, opened on first use.
  virtual core::Store& store() = 0;
  // The dialect called `name`, built over store().
  virtual Dialect& dialect(std::string_view name) = 0;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  // The dialect's short name as users type it: "feishu", "dingtalk", "smh", "coze".
  virtual std::string_view name() const = 0;
  // Adds the dialect's routes in one scope per wire surface (its API, its signed-URL byte host …).
  virtual void register_routes(http::Router& router) = 0;
  // Makes sure a default account exists and returns the banner line(s) that show how to use it.
  virtual std::string dev_credentials() = 0;

  // Accounts for `filegate app` and the admin API.
  virtual std::vector<Account> accounts() = 0;
  virtual Account create_account(const AccountRequest& request) = 0;
  // Deletes the account `id` (as accounts() shows it: Feishu app_id, DingTalk app_key, SMH library_id, Coze the
  // token's id or its value pat_…) and everything it owns, as if the platform had deleted the app, library or token:
  // its credentials; every token issued to it, which stops working at once; its files, as delete_file would delete
  // them; its other records (spaces, trees, chats, documents, uploads in progress …); and a default-account pointer
  // naming it, so the next start makes a fresh default. One commit: all or nothing. Stored objects stay, as after
  // delete_file (garbage collection and a reset drop what nothing refers to). False when there is no such account.
  virtual bool delete_account(std::string_view id) = 0;
  // Returns the handle a client would use to fetch the file (a file_key, a dentry id …). Throws UsageError when the
  // request names no such owner or the dialect cannot import yet.
  virtual std::string import_file(core::StagedBlob& staged, const ImportRequest& request);

  // Applies this dialect's table of a fixtures document ([feishu] …): accounts with fixed credentials and content.
  // Throws FixtureError naming the key at fault.
  virtual void apply_fixtures(FixtureTable& fixtures);
  // Every file a client of this platform can fetch, with its handle.
  virtual std::vector<FileHandle> files();
  // Deletes the file `handle` (as listed by files()) as the platform's own delete would; false when there is none.
  virtual bool delete_file(std::string_view handle);

  // Ends the uploads the platform has forgotten: begun, perhaps with bytes received, but not completed or confirmed
  // within their lifetime. Their records go, so the objects and parts they held become garbage for
  // core::collect_garbage, which runs next. Returns how many ended. Runs where blocking is allowed.
  virtual std::size_t end_abandoned_uploads() { return 0; }

  // The dialect's own admin API calls (AdminRoute); none by default.
  virtual std::vector<AdminRoute> admin_routes() { return {}; }
};

// One line of the registry: how to build a dialect, and what is known of it before any store is open.
struct DialectEntry {
  std::string_view name;
  std::unique_ptr<Dialect> (*make)(Services& services);
  // The envelope of each wire surface with its error catalog (`filegate errors`, the fault injector).
  std::vector<const http::Envelope*> (*envelopes)();
  // Adds the dialect's own admin subcommands (those that are not about accounts or imports) to the CLI.
  void (*add_admin_commands)(CLI::App& root, AdminContext& context);
};

// Every dialect, in the order the banner shows them.
std::span<const DialectEntry> registered_dialects();

// A registry line for dialect class D, which has kName, a Services& constructor and static envelopes() and
// add_admin_commands().
template <typename D>
DialectEntry registry_entry() {
  return {D::kName, [](Services& services) -> std::unique_ptr<Dialect> { return std::make_unique<D>(services); },
          &D::envelopes, &D::add_admin_commands};
}

}  // namespace filegate::dialects
