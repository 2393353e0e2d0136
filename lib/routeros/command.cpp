#include "routeros/command.hpp"

#include "core/wipe.hpp"
#include "routeros/word_codec.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace ill::routeros {

Command::Command(std::string path) : m_path(std::move(path)) {
  assert(!m_path.empty() && m_path[0] == '/');
}

Command::~Command() {
  for (std::string& word : m_attributes) wipe(word);
}

Command& Command::operator=(Command other) noexcept {
  std::swap(m_path, other.m_path);
  std::swap(m_attributes, other.m_attributes);
  std::swap(m_proplist, other.m_proplist);
  std::swap(m_queries, other.m_queries);
  std::swap(m_tag, other.m_tag);
  return *this;
}

Command& Command::attr(std::string_view name, std::string_view value) {
  if (m_attributes.size() == m_attributes.capacity()) {
    // Grown by hand: a vector that reallocates moves its strings, and a moved short string leaves
    // its bytes in the old buffer, which would be freed unwiped.
    std::vector<std::string> grown;
    grown.reserve(std::max<std::size_t>(4, 2 * m_attributes.capacity()));
    for (const std::string& word : m_attributes) grown.push_back(word);
    for (std::string& word : m_attributes) wipe(word);
    m_attributes.swap(grown);
  }
  // Built in place: no temporary holds the value.
  std::string& word = m_attributes.emplace_back();
  word.reserve(name.size() + value.size() + 2);
  word.append("=").append(name).append("=").append(value);
  return *this;
}

Command& Command::flag(std::string_view name) { return attr(name, {}); }

Command& Command::proplist(std::initializer_list<std::string_view> names) {
  std::string word = "=.proplist=";
  bool first = true;
  for (std::string_view name : names) {
    if (!first) word += ',';
    word.append(name);
    first = false;
  }
  m_proplist = std::move(word);
  return *this;
}

Command& Command::proplist(const std::vector<std::string>& names) {
  std::string word = "=.proplist=";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) word += ',';
    word += names[i];
  }
  m_proplist = std::move(word);
  return *this;
}

Command& Command::query_word(std::string_view word) {
  m_queries.emplace_back(word);
  return *this;
}

Command& Command::where(const Query& query) {
  query.append_words(m_queries);
  return *this;
}

Command& Command::tag(std::string_view tag) {
  m_tag = std::string(tag);
  return *this;
}

Sentence Command::sentence() const {
  Sentence s;
  s.add(m_path);
  for (const std::string& w : m_attributes) s.add(w);
  if (m_proplist) s.add(*m_proplist);
  for (const std::string& w : m_queries) s.add(w);
  if (m_tag) s.add(".tag=" + *m_tag);
  return s;
}

void Command::encode(std::string& out) const {
  // Room for the whole sentence first: if `out` grew half-way, the buffer it left would keep the
  // words so far (a login's password among them) where no wipe reaches.
  std::size_t size = 1;  // the empty word that ends the sentence
  const auto count = [&size](std::size_t length) {
    size += length_prefix_size(static_cast<std::uint32_t>(length)) + length;
  };
  count(m_path.size());
  for (const std::string& w : m_attributes) count(w.size());
  if (m_proplist) count(m_proplist->size());
  for (const std::string& w : m_queries) count(w.size());
  if (m_tag) count(5 + m_tag->size());  // ".tag=" and the tag
  out.reserve(out.size() + size);
  append_word(out, m_path);
  for (const std::string& w : m_attributes) append_word(out, w);
  if (m_proplist) append_word(out, *m_proplist);
  for (const std::string& w : m_queries) append_word(out, w);
  if (m_tag) append_word(out, ".tag=" + *m_tag);
  out.push_back('\0');
}

std::string Command::to_log_string() const {
  std::string out;
  append_log_word(m_path, true, out);
  for (const std::string& w : m_attributes) append_log_word(w, false, out);
  if (m_proplist) append_log_word(*m_proplist, false, out);
  for (const std::string& w : m_queries) append_log_word(w, false, out);
  if (m_tag) append_log_word(".tag=" + *m_tag, false, out);
  return out;
}

}  // namespace ill::routeros
