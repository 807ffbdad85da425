// The few cryptographic chores of the staff side, all done by libsodium: random
// tokens (sessions, CSRF, request status links), BLAKE2b hashes of tokens (only
// hashes are stored) and of audit entries, constant-time comparison.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace monjo::archive {

// Initialises libsodium once; throws archive::Error when it cannot.
void ensure_sodium();
// `bytes` random bytes from randombytes_buf, as lowercase hex.
std::string random_token_hex(size_t bytes = 32);
// BLAKE2b (crypto_generichash) with a 32-byte digest, as lowercase hex.
std::string blake2b_hex(std::string_view data);
// sodium_memcmp; different lengths are unequal (the length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace monjo::archive
