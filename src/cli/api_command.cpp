#include "cli/api_command.hpp"

#include <boost/beast/http/verb.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>

#include "cli/admin_client.hpp"

namespace filegate::cli {

void add_api_command(CLI::App& app) {
  struct Options {
    AdminTarget server;
    std::string method;
    std::string path;
    std::string json;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("api", "Call the admin API of a running server and print the answer's body");
  add_admin_target_options(*command, options->server);
  command->add_option("method", options->method, "GET, POST, PUT or DELETE")
      ->required()
      ->check(CLI::IsMember({"GET", "POST", "PUT", "DELETE"}, CLI::ignore_case));
  command->add_option("path", options->path, "Below /_filegate/api/v1/, e.g. feishu/messages")->required();
  command->add_option("json", options->json, "The JSON body");
  command->callback([options] {
    std::string name = options->method;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    const auto method = boost::beast::http::string_to_verb(name);
    const AdminClient::Response response = options->server.client().request(method, options->path, options->json);
    std::cout << response.body << (response.body.ends_with('\n') ? "" : "\n");
    // Like curl --fail: a script can tell an error from an answer.
    if (response.status < 200 || response.status >= 300) {
      throw AdminClientError(response.status, describe_error(response.status, response.body));
    }
  });
}

}  // namespace filegate::cli
