#include "store/password_hash.hpp"
#include "store/secret_box.hpp"

#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <fstream>

using ill::store::Secret;
using ill::store::SecretBox;

TEST_CASE("a new key file has mode 0600 and is never overwritten", "[unit][store]") {
  ill::test::TempDir dir;
  std::string path = dir.file("ill.key");
  REQUIRE(SecretBox::create_key_file(path));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  auto again = SecretBox::create_key_file(path);
  REQUIRE_FALSE(again);
  CHECK_THAT(again.error().what(),
             Catch::Contains(path) && Catch::Contains("refusing to overwrite"));
}

TEST_CASE("a sealed secret opens with the same key and only with it", "[unit][store]") {
  ill::test::TempDir dir;
  REQUIRE(SecretBox::create_key_file(dir.file("a.key")));
  REQUIRE(SecretBox::create_key_file(dir.file("b.key")));
  auto a = SecretBox::load(dir.file("a.key"));
  auto b = SecretBox::load(dir.file("b.key"));
  REQUIRE(a);
  REQUIRE(b);
  auto sealed = a->seal(Secret("s3cr3t-Passw0rd"));
  std::string bytes(sealed.begin(), sealed.end());
  CHECK(bytes.find("s3cr3t") == std::string::npos);
  auto opened = a->open(sealed);
  REQUIRE(opened);
  CHECK(opened->reveal() == "s3cr3t-Passw0rd");
  auto wrong = b->open(sealed);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().category() == ill::Errc::config);
  CHECK(a->seal(Secret("x")) != a->seal(Secret("x")));  // fresh nonce every time
}

TEST_CASE("a missing key file is refused naming the path", "[unit][store]") {
  ill::test::TempDir dir;
  auto box = SecretBox::load(dir.file("missing.key"));
  REQUIRE_FALSE(box);
  CHECK_THAT(box.error().what(),
             Catch::Contains(dir.file("missing.key")) && Catch::Contains("does not exist"));
}

TEST_CASE("a key file readable by others is refused naming the path and the mode",
          "[unit][store]") {
  ill::test::TempDir dir;
  std::string path = dir.file("ill.key");
  REQUIRE(SecretBox::create_key_file(path));
  ::chmod(path.c_str(), 0644);
  auto box = SecretBox::load(path);
  REQUIRE_FALSE(box);
  CHECK_THAT(box.error().what(),
             Catch::Contains(path) && Catch::Contains("0644") && Catch::Contains("chmod 600"));
}

TEST_CASE("a key file without a key is refused", "[unit][store]") {
  ill::test::TempDir dir;
  std::string path = dir.file("ill.key");
  std::ofstream(path) << "not a key\n";
  ::chmod(path.c_str(), 0600);
  auto box = SecretBox::load(path);
  REQUIRE_FALSE(box);
  CHECK_THAT(box.error().what(), Catch::Contains("does not hold an ill key"));
}

TEST_CASE("portal passwords hash with argon2id and verify", "[unit][store]") {
  auto hash = ill::store::hash_password(Secret("correct horse"), ill::store::HashCost::min);
  REQUIRE(hash);
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(hash->find("correct horse") == std::string::npos);
  CHECK(ill::store::verify_password(*hash, Secret("correct horse")));
  CHECK_FALSE(ill::store::verify_password(*hash, Secret("wrong horse")));
}

TEST_CASE("ILL_PWHASH_COST=min weakens hashes only where the build allows it", "[unit][store]") {
  using ill::store::hash_cost_from;
  using ill::store::HashCost;
  CHECK(hash_cost_from(nullptr, true) == HashCost::interactive);
  CHECK(hash_cost_from("min", true) == HashCost::min);
  CHECK(hash_cost_from("min", false) == HashCost::interactive);  // a build without tests
  CHECK(hash_cost_from("moderate", false) == HashCost::moderate);
  CHECK(hash_cost_from("nonsense", true) == HashCost::interactive);
  // The argon2id parameters in the hash say which cost was used: m=65536 KiB is interactive.
  auto hash = ill::store::hash_password(Secret("pw"), hash_cost_from("min", false));
  REQUIRE(hash);
  CHECK(hash->find("$m=65536,") != std::string::npos);
}
