// Schema version 6. Never edited once released: a change is a new version (store/migrations.cpp).
#include "store/migrations/schema_sql.hpp"

namespace ill::store::schema {

// Version 6: the SSH transport's own settings: the router's SSH port and user when they differ
// from the defaults (22, the API user), and the sealed passphrase of its key file. The inventory
// generation follows them too.
const char* const k_v6 = R"sql(
ALTER TABLE routers ADD COLUMN ssh_port INTEGER
  CONSTRAINT router_ssh_port CHECK (ssh_port IS NULL OR ssh_port BETWEEN 1 AND 65535);
ALTER TABLE routers ADD COLUMN ssh_user TEXT;
ALTER TABLE routers ADD COLUMN ssh_secret BLOB;  -- nonce || secretbox(key passphrase)
DROP TRIGGER routers_update_gen;
CREATE TRIGGER routers_update_gen AFTER UPDATE OF name, host, port, transport, username, secret,
  tls_verify, ca_file, ssh_key_file, ssh_jump_host, location, active, poll_interval_s, ssh_port,
  ssh_user, ssh_secret ON routers BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'inventory_generation'; END;
)sql";

}  // namespace ill::store::schema
