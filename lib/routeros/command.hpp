// A RouterOS API command sentence, built with typed calls:
//
//   Command("/interface/print")
//       .proplist({"name", "running", "rx-byte"})
//       .where(Query::eq("type", "ether") || Query::eq("type", "vlan"))
//       .tag("7");
//
// Words come out as: path, attributes (in call order), =.proplist=, queries, .tag.
//
// A login's command carries the password as an attribute, so attribute words are overwritten when
// the command goes, and never left behind when their vector grows (core/wipe.hpp).
#pragma once

#include "routeros/query.hpp"
#include "routeros/sentence.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::routeros {

class Command {
public:
  // `path` is the command word, e.g. "/interface/print" (must start with '/').
  explicit Command(std::string path);
  ~Command();
  Command(const Command&) = default;
  Command(Command&&) noexcept = default;
  // Copy and move alike: the words this command held go with `other`, wiped.
  Command& operator=(Command other) noexcept;

  // =name=value
  Command& attr(std::string_view name, std::string_view value);
  // =name= (flag arguments such as once, detail, follow)
  Command& flag(std::string_view name);
  // =.proplist=a,b,c
  Command& proplist(std::initializer_list<std::string_view> names);
  Command& proplist(const std::vector<std::string>& names);
  // Adds a query; several calls are ANDed by the router (no false may remain on its stack).
  Command& where(const Query& query);
  // One query word as given ("?type=ether", "?#|"), for gateways that receive queries as text
  // (ill-sim's REST endpoint); prefer where().
  Command& query_word(std::string_view word);
  // .tag=T (replaces an earlier tag). Clients set their own tags on commands without one.
  Command& tag(std::string_view tag);

  const std::string& path() const { return m_path; }
  const std::optional<std::string>& tag() const { return m_tag; }

  // The full sentence, in wire order.
  Sentence sentence() const;
  // Appends the encoded sentence to `out`.
  void encode(std::string& out) const;
  // The sentence as Sentence::to_log_string shows it, built without a copy of its words.
  std::string to_log_string() const;

private:
  std::string m_path;
  std::vector<std::string> m_attributes;
  std::optional<std::string> m_proplist;
  std::vector<std::string> m_queries;
  std::optional<std::string> m_tag;
};

}  // namespace ill::routeros
