#include "routeros/query.hpp"

#include <cassert>
#include <utility>

namespace ill::routeros {

namespace {

std::string join(std::string_view a, std::string_view b, std::string_view c = {},
                 std::string_view d = {}) {
  std::string out;
  out.reserve(a.size() + b.size() + c.size() + d.size());
  out.append(a).append(b).append(c).append(d);
  return out;
}

}  // namespace

Query::Query(Kind kind, std::string word, std::vector<Query> children)
    : m_kind(kind), m_word(std::move(word)), m_children(std::move(children)) {}

Query Query::eq(std::string_view name, std::string_view value) {
  return Query(Kind::leaf, join("?=", name, "=", value), {});
}

Query Query::eq_short(std::string_view name, std::string_view value) {
  return Query(Kind::leaf, join("?", name, "=", value), {});
}

Query Query::ne(std::string_view name, std::string_view value) { return !eq(name, value); }

Query Query::lt(std::string_view name, std::string_view value) {
  return Query(Kind::leaf, join("?<", name, "=", value), {});
}

Query Query::gt(std::string_view name, std::string_view value) {
  return Query(Kind::leaf, join("?>", name, "=", value), {});
}

Query Query::has(std::string_view name) { return Query(Kind::leaf, join("?", name), {}); }

Query Query::lacks(std::string_view name) { return Query(Kind::leaf, join("?-", name), {}); }

Query Query::in(std::string_view name, std::initializer_list<std::string_view> values) {
  std::vector<Query> terms;
  terms.reserve(values.size());
  for (std::string_view v : values) terms.push_back(eq(name, v));
  if (terms.empty()) return has(name) && lacks(name);  // always false
  return any(std::move(terms));
}

Query Query::in(std::string_view name, const std::vector<std::string>& values) {
  std::vector<Query> terms;
  terms.reserve(values.size());
  for (const std::string& v : values) terms.push_back(eq(name, v));
  if (terms.empty()) return has(name) && lacks(name);  // always false
  return any(std::move(terms));
}

Query Query::all(std::vector<Query> terms) {
  assert(!terms.empty());
  Query out = std::move(terms[0]);
  for (std::size_t i = 1; i < terms.size(); ++i) out = std::move(out) && std::move(terms[i]);
  return out;
}

Query Query::any(std::vector<Query> terms) {
  assert(!terms.empty());
  Query out = std::move(terms[0]);
  for (std::size_t i = 1; i < terms.size(); ++i) out = std::move(out) || std::move(terms[i]);
  return out;
}

Query Query::combine(Kind kind, Query a, Query b) {
  std::vector<Query> children;
  auto take = [&](Query&& q) {
    if (q.m_kind == kind) {
      for (Query& c : q.m_children) children.push_back(std::move(c));
    } else {
      children.push_back(std::move(q));
    }
  };
  take(std::move(a));
  take(std::move(b));
  return Query(kind, {}, std::move(children));
}

Query operator&&(Query a, Query b) {
  return Query::combine(Query::Kind::all, std::move(a), std::move(b));
}

Query operator||(Query a, Query b) {
  return Query::combine(Query::Kind::any, std::move(a), std::move(b));
}

Query operator!(Query a) {
  std::vector<Query> children;
  children.push_back(std::move(a));
  return Query(Query::Kind::negate, {}, std::move(children));
}

void Query::append_words(std::vector<std::string>& out) const {
  switch (m_kind) {
  case Kind::leaf: out.push_back(m_word); return;
  case Kind::negate:
    m_children[0].append_words(out);
    out.emplace_back("?#!");
    return;
  case Kind::all:
  case Kind::any:
    for (const Query& c : m_children) c.append_words(out);
    for (std::size_t i = 1; i < m_children.size(); ++i) {
      out.emplace_back(m_kind == Kind::all ? "?#&" : "?#|");
    }
    return;
  }
}

std::vector<std::string> Query::words() const {
  std::vector<std::string> out;
  append_words(out);
  return out;
}

}  // namespace ill::routeros
