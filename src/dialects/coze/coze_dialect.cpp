#include "dialects/coze/coze_dialect.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "dialects/coze/errors.hpp"

namespace filegate::dialects::coze {

void CozeDialect::register_routes(http::Router& router) {
  using bhttp::verb;
  auto bind = [this](auto method) { return [this, method](http::Exchange& e) { return (this->*method)(e); }; };
  // 512 MB of file plus 1 MiB for the form's framing. A file a little over 512 MB is read and dropped so it still
  // gets a proper 4000; a larger body is refused by the HTTP layer with the same entry (the envelope's too_large).
  router.scope(envelope_, {"/v1/"})
      .add(verb::post, "/v1/files/upload", kUploadEndpoint, bind(&CozeDialect::upload_file),
           {kMaxFileBytes + (1ull << 20), &errors::body_too_large})
      .add(verb::get, "/v1/files/retrieve", kRetrieveEndpoint, bind(&CozeDialect::retrieve_file), {64 * 1024});
}

std::string CozeDialect::dev_credentials() {
  const Pat pat = model_.default_pat();
  return fmt::format(
      "  Coze         token={}\n"
      "               SDK: new CozeAPI({{token, baseURL: '{}'}})",
      pat.token, services_.default_base_url());
}

Pat CozeDialect::authenticate(const http::Exchange& exchange) const {
  const std::optional<std::string_view> token =
      core::text::bearer_token(exchange.request().header(bhttp::field::authorization));
  // Missing and wrong tokens get the same answer, as on the platform: HTTP 401, code 4100.
  std::optional<Pat> pat = token ? model_.pat_by_token(std::string(*token)) : std::nullopt;
  if (!pat) throw http::Refusal(errors::authentication_invalid);
  exchange.note_caller(pat->id);
  return std::move(*pat);
}

}  // namespace filegate::dialects::coze
