#include "cli/fault_command.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include <array>
#include <iostream>
#include <map>
#include <memory>

#include "cli/admin_client.hpp"

namespace filegate::cli {
namespace {

// How a command-line flag becomes a member of the rule's JSON (docs/faults.md): the server checks every value, so the
// command line only has to carry it with the right JSON type.
enum class MemberType { text, number, flag };

struct RuleMember {
  std::string_view flag;
  std::string_view member;
  MemberType type;
  std::string_view help;
};

constexpr std::array kRuleMembers{
    RuleMember{"--id", "id", MemberType::text, "The rule's id (default: assigned, printed)"},
    RuleMember{"--dialect", "dialect", MemberType::text, "Only this dialect's requests (feishu, dingtalk, smh, coze)"},
    RuleMember{"--endpoint", "endpoint", MemberType::text, "Only this endpoint (`filegate errors` lists them)"},
    RuleMember{"--method", "method", MemberType::text, "Only this HTTP method"},
    RuleMember{"--caller", "caller", MemberType::text, "Only this caller (app id, app key, library id, token id)"},
    RuleMember{"--key", "key", MemberType::text, "A glob over the request's file key, dentry id, path or id"},
    RuleMember{"--probability", "probability", MemberType::number, "Fires with this probability (0-1; see --seed)"},
    RuleMember{"--times", "times", MemberType::number, "Fires at most this many times"},
    RuleMember{"--after", "after", MemberType::number, "The first N matching requests pass"},
    RuleMember{"--error", "error", MemberType::text, "Answer this catalog error (name or platform code)"},
    RuleMember{"--status", "status", MemberType::number, "Answer this raw status (with --body, --header)"},
    RuleMember{"--body", "body", MemberType::text, "The raw answer's body"},
    RuleMember{"--latency-ms", "latency_ms", MemberType::number, "Delay the answer by this many milliseconds"},
    RuleMember{"--jitter-ms", "jitter_ms", MemberType::number, "Add a random delay of up to this many milliseconds"},
    RuleMember{"--bandwidth", "bandwidth", MemberType::number, "Send the body at this many bytes per second"},
    RuleMember{"--truncate-after", "truncate_after", MemberType::number, "Cut the body after this many bytes"},
    RuleMember{"--reset", "reset", MemberType::flag, "Reset the connection (RST)"},
    RuleMember{"--drop", "drop", MemberType::flag, "Close the connection without an answer"},
    RuleMember{"--hang", "hang", MemberType::flag, "Send nothing until the client goes away (or --hang-ms)"},
    RuleMember{"--hang-ms", "hang_ms", MemberType::number, "Hang for at most this many milliseconds"},
    RuleMember{"--expire", "expire", MemberType::flag, "Answer the token or signed URL presented as expired"},
};

struct AddOptions {
  AdminTarget server;
  std::map<std::string_view, std::string> values;  // by member, as typed
  std::map<std::string_view, bool> flags;          // by member
  std::vector<std::string> headers;                // "Name: value"
  bool json = false;
};

// JSON's own parser gives 3 as an integer and 0.5 as a double, as a rule written by hand would have them.
boost::json::value number_of(const RuleMember& member, const std::string& text) {
  boost::system::error_code ec;
  boost::json::value number = boost::json::parse(text, ec);
  if (ec || !number.is_number()) throw CLI::ValidationError(std::string(member.flag), "'" + text + "' is not a number");
  return number;
}

boost::json::object rule_of(const AddOptions& options) {
  boost::json::object rule;
  for (const auto& member : kRuleMembers) {
    if (member.type == MemberType::flag) {
      if (options.flags.at(member.member)) rule[member.member] = true;
      continue;
    }
    const auto value = options.values.find(member.member);
    if (value == options.values.end() || value->second.empty()) continue;
    rule[member.member] =
        member.type == MemberType::number ? number_of(member, value->second) : boost::json::value(value->second);
  }
  if (!options.headers.empty()) {
    boost::json::object headers;
    for (const auto& header : options.headers) {
      const auto colon = header.find(':');
      if (colon == std::string::npos || colon == 0) {
        throw CLI::ValidationError("--header", "'" + header + "' is not 'Name: value'");
      }
      const auto value_start = header.find_first_not_of(' ', colon + 1);
      headers[header.substr(0, colon)] = value_start == std::string::npos ? "" : header.substr(value_start);
    }
    rule["headers"] = std::move(headers);
  }
  return rule;
}

boost::json::value parsed_answer(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) throw std::runtime_error("the server's answer is not JSON");
  return parsed;
}

// "f1 api fired 1 of 3 matches, spent: endpoint=feishu.im.file.get error=99991400 times=1"
std::string rule_line(const boost::json::object& rule) {
  std::string members;
  for (const auto& member : rule) {
    const std::string_view name = member.key();
    if (name == "id" || name == "origin" || name == "matched" || name == "fired" || name == "spent") continue;
    members += fmt::format(" {}={}", name, display_field(rule, name));
  }
  const auto field = [&](std::string_view name) { return display_field(rule, name); };
  const auto* spent = rule.if_contains("spent");
  return fmt::format("{} {} fired {} of {} matches{}:{}", field("id"), field("origin"), field("fired"),
                     field("matched"), spent && *spent == true ? ", spent" : "", members);
}

void add_add_command(CLI::App& fault) {
  auto options = std::make_shared<AddOptions>();
  auto* add = fault.add_subcommand("add", "Add a rule and print its id");
  for (const auto& member : kRuleMembers) {
    const std::string flag(member.flag);
    if (member.type == MemberType::flag) {
      add->add_flag(flag, options->flags[member.member], std::string(member.help));
    } else {
      add->add_option(flag, options->values[member.member], std::string(member.help));
    }
  }
  add->add_option("--header", options->headers, "A header of the raw answer, 'Name: value' (repeatable)");
  add->add_flag("--json", options->json, "Print the rule as the server lists it (JSON)");
  add_admin_target_options(*add, options->server);
  add->callback([options] {
    const std::string body = options->server.client().post("faults", boost::json::serialize(rule_of(*options)));
    const boost::json::value rule = parsed_answer(body);
    if (options->json) {
      std::cout << boost::json::serialize(rule) << "\n";
    } else {
      std::cout << display_field(rule.get_object(), "id") << "\n";  // scripts take it: `id=$(filegate fault add …)`
    }
  });
}

void add_list_command(CLI::App& fault) {
  struct ListOptions {
    AdminTarget server;
    bool json = false;
  };
  auto options = std::make_shared<ListOptions>();
  auto* list = fault.add_subcommand("list", "List the rules, oldest first, with how often each matched and fired");
  list->add_flag("--json", options->json, "Print the server's answer (JSON)");
  add_admin_target_options(*list, options->server);
  list->callback([options] {
    const std::string body = options->server.client().get("faults");
    const boost::json::value answer = parsed_answer(body);
    if (options->json) {
      std::cout << boost::json::serialize(answer) << "\n";
      return;
    }
    const auto* rules = answer.get_object().if_contains("faults");
    if (!rules || !rules->is_array()) throw std::runtime_error("the server's answer is not a rule list");
    for (const auto& rule : rules->get_array()) {
      if (rule.is_object()) std::cout << rule_line(rule.get_object()) << "\n";
    }
  });
}

void add_remove_command(CLI::App& fault) {
  struct RemoveOptions {
    AdminTarget server;
    std::vector<std::string> ids;
    bool all = false;
  };
  auto options = std::make_shared<RemoveOptions>();
  auto* remove = fault.add_subcommand("rm", "Remove rules by id, or every rule");
  auto* ids = remove->add_option("ids", options->ids, "The rules' ids");
  auto* all = remove->add_flag("--all", options->all, "Remove every rule (the start-up fixtures' too)");
  ids->excludes(all);
  add_admin_target_options(*remove, options->server);
  remove->callback([options] {
    if (options->ids.empty() && !options->all) throw CLI::ValidationError("rm", "name the rules' ids, or --all");
    const AdminClient client = options->server.client();
    if (options->all) {
      client.del("faults");
      return;
    }
    for (const auto& id : options->ids) client.del("faults/" + boost::urls::encode(id, boost::urls::unreserved_chars));
  });
}

}  // namespace

void add_fault_command(CLI::App& app) {
  auto* fault = app.add_subcommand("fault", "Make a running server's endpoints fail on demand (docs/faults.md)")
                    ->require_subcommand(1);
  add_add_command(*fault);
  add_list_command(*fault);
  add_remove_command(*fault);
}

}  // namespace filegate::cli
