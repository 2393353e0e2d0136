// RouterOS API query words for `print`, built from typed terms instead of pasted strings.
//
//   auto q = Query::eq("type", "ether") || Query::eq("type", "vlan");   // ?=type=ether ?=type=vlan
//   ?#| auto r = !Query::eq("disabled", "true");                            // ?=disabled=true ?#!
//   auto s = Query::in("name", {"ether1", "ether2", "ether3"});         // 3 x ?=name=… ?#| ?#|
//
// Words follow librouteros: AND/OR of n terms is the terms then n-1 `?#&` / `?#|` (nested ANDs
// and ORs flatten), NOT is the term then `?#!`.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ill::routeros {

class Query {
public:
  // ?=name=value: the property equals value. Unambiguous for every name.
  static Query eq(std::string_view name, std::string_view value);
  // ?name=value: the documentation's short form of eq; ambiguous for names starting with
  // `-`, `<`, `>` or `#`, so prefer eq().
  static Query eq_short(std::string_view name, std::string_view value);
  // NOT eq: ?=name=value ?#!
  static Query ne(std::string_view name, std::string_view value);
  // ?<name=value and ?>name=value.
  static Query lt(std::string_view name, std::string_view value);
  static Query gt(std::string_view name, std::string_view value);
  // ?name: the item has the property; ?-name: it does not.
  static Query has(std::string_view name);
  static Query lacks(std::string_view name);
  // The property equals one of the values. An empty list matches nothing.
  static Query in(std::string_view name, std::initializer_list<std::string_view> values);
  static Query in(std::string_view name, const std::vector<std::string>& values);
  // AND / OR of any number of terms (at least one).
  static Query all(std::vector<Query> terms);
  static Query any(std::vector<Query> terms);

  friend Query operator&&(Query a, Query b);
  friend Query operator||(Query a, Query b);
  friend Query operator!(Query a);

  // The query words, in order, e.g. {"?=type=ether", "?=type=vlan", "?#|"}.
  std::vector<std::string> words() const;
  void append_words(std::vector<std::string>& out) const;

private:
  enum class Kind { leaf, all, any, negate };
  Query(Kind kind, std::string word, std::vector<Query> children);
  static Query combine(Kind kind, Query a, Query b);

  Kind m_kind;
  std::string m_word;             // leaf only
  std::vector<Query> m_children;  // all/any/negate
};

}  // namespace ill::routeros
