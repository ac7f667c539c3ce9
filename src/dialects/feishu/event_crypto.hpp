#pragma once
// How the Feishu open platform seals an event for an app that set an Encrypt Key, and signs it (the SDK's AESCipher
// and EventDispatcher undo and check exactly this):
//   body       {"encrypt": base64(IV ‖ AES-256-CBC(key = SHA-256(encrypt_key), IV, PKCS#7(event JSON)))}, IV random
//   signature  X-Lark-Signature = hex(SHA-256(timestamp ‖ nonce ‖ encrypt_key ‖ body))
#include <string>
#include <string_view>

namespace filegate::dialects::feishu {

std::string encrypt_event(std::string_view plaintext, std::string_view encrypt_key);
// The inverse, for tests and for reading what a bot answers encrypted; nullopt-like "" when it does not decrypt.
std::string decrypt_event(std::string_view base64_ciphertext, std::string_view encrypt_key);
std::string event_signature(std::string_view timestamp, std::string_view nonce, std::string_view encrypt_key,
                            std::string_view body);

}  // namespace filegate::dialects::feishu
