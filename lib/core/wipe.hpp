// Plaintext secrets (a router's password, an SSH key's passphrase) pass through std::string on
// their way to a login. wipe() overwrites a string's bytes in a way the compiler may not drop, so
// that freed or reused memory does not keep them; the types that hold such a string for a while
// (routeros::SshOptions, the REST channel's credentials, collect::SshSecrets) wipe it when they
// go, and a login wipes its copy once it was sent.
#pragma once

#include <string>

namespace ill {

void wipe(std::string& text) noexcept;

}  // namespace ill
