// GET /api/v1/inode/{lib}/{space}/{inode}: the file or directory an inode names, wherever it has moved since (the
// inode is what with_inode=1 answers on confirm, directory creation, ?info and listings). A file answers as ?info
// does without cosUrl, a directory as its ?info, each with "path", "name" and "inode". Nothing there: 404
// PathNotFound.
#include "dialects/smh/errors.hpp"
#include "dialects/smh/smh_dialect.hpp"
#include "dialects/smh/views.hpp"

namespace filegate::dialects::smh {

Response SmhDialect::inode_info(http::Exchange& exchange, const std::string&) {
  const Access access = admit(exchange, Need::read);
  const auto node = model_.node_by_inode(access.scope, decoded_param(exchange, "inode"));
  if (!node) throw http::Refusal(errors::path_not_found, "no file or directory has this inode");
  boost::json::object body = node->is_dir ? smh::directory_info(*node) : smh::file_info(*node, node->current, {});
  body["path"] = path_json(node->path);
  body["name"] = node->path.back();
  with_inode(body, *node);
  return json_reply(200, body);
}

}  // namespace filegate::dialects::smh
