#include "routeros/sentence.hpp"

#include "routeros/display_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <new>

namespace ill::routeros {

std::string_view to_string(ReplyKind kind) {
  switch (kind) {
  case ReplyKind::re: return "!re";
  case ReplyKind::done: return "!done";
  case ReplyKind::trap: return "!trap";
  case ReplyKind::fatal: return "!fatal";
  case ReplyKind::empty: return "!empty";
  case ReplyKind::unknown: return "unknown";
  }
  return "unknown";
}

std::optional<std::pair<std::string_view, std::string_view>> split_attribute(
    std::string_view word) {
  if (word.size() < 2 || word[0] != '=' || word[1] == '=') return std::nullopt;
  // The name is non-empty, so the separating `=` is searched from the second name byte on.
  const std::size_t eq = word.find('=', 2);
  if (eq == std::string_view::npos) return std::pair(word.substr(1), std::string_view());
  return std::pair(word.substr(1, eq - 1), word.substr(eq + 1));
}

Sentence::Bytes::Bytes(const Bytes& other) {
  reserve(other.m_size);
  append(other.m_data, other.m_size);
}

Sentence::Bytes& Sentence::Bytes::operator=(const Bytes& other) {
  if (this != &other) {
    clear();
    append(other.m_data, other.m_size);
  }
  return *this;
}

Sentence::Bytes& Sentence::Bytes::operator=(Bytes&& other) noexcept {
  if (this != &other) {
    std::free(m_data);
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
    m_capacity = std::exchange(other.m_capacity, 0);
  }
  return *this;
}

Sentence::Bytes::~Bytes() { std::free(m_data); }

void Sentence::Bytes::grow(std::size_t needed) {
  const std::size_t capacity = std::max(needed, m_capacity * 2);
  void* data = std::realloc(m_data, capacity);
  if (data == nullptr) throw std::bad_alloc();
  m_data = static_cast<char*>(data);
  m_capacity = capacity;
}

Sentence::Sentence(std::initializer_list<std::string_view> words) {
  std::size_t bytes = 0;
  for (std::string_view w : words) bytes += w.size();
  reserve(bytes, words.size());
  for (std::string_view w : words) add(w);
}

Sentence::Sentence(const std::vector<std::string>& words) {
  std::size_t bytes = 0;
  for (const std::string& w : words) bytes += w.size();
  reserve(bytes, words.size());
  for (const std::string& w : words) add(w);
}

void Sentence::add(std::string_view word) {
  m_words.push_back(
      {static_cast<std::uint32_t>(m_bytes.size()), static_cast<std::uint32_t>(word.size())});
  m_bytes.append(word.data(), word.size());
}

void Sentence::clear() {
  m_bytes.clear();
  m_words.clear();
}

void Sentence::reserve(std::size_t bytes, std::size_t words) {
  m_bytes.reserve(bytes);
  m_words.reserve(words);
}

std::vector<std::string> Sentence::to_vector() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (std::string_view w : *this) out.emplace_back(w);
  return out;
}

ReplyKind Sentence::reply_kind() const {
  const std::string_view w = first();
  if (w.size() < 3 || w[0] != '!') return ReplyKind::unknown;
  if (w == "!re") return ReplyKind::re;
  if (w == "!done") return ReplyKind::done;
  if (w == "!trap") return ReplyKind::trap;
  if (w == "!fatal") return ReplyKind::fatal;
  if (w == "!empty") return ReplyKind::empty;
  return ReplyKind::unknown;
}

std::optional<std::string_view> Sentence::api_attribute(std::string_view name) const {
  for (std::size_t i = 1; i < size(); ++i) {
    const std::string_view w = (*this)[i];
    if (w.size() > name.size() + 1 && w[0] == '.' && w[name.size() + 1] == '=' &&
        w.substr(1, name.size()) == name) {
      return w.substr(name.size() + 2);
    }
    if (w.size() == name.size() + 2 && w[0] == '.' && w.back() == '=' &&
        w.substr(1, name.size()) == name) {
      return std::string_view();
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Sentence::tag() const { return api_attribute("tag"); }

std::optional<std::string_view> Sentence::attribute(std::string_view name) const {
  for (std::size_t i = 1; i < size(); ++i) {
    const std::string_view w = (*this)[i];
    if (w.size() < name.size() + 1 || w[0] != '=' || w.substr(1, name.size()) != name) continue;
    if (w.size() == name.size() + 1) return std::string_view();  // `=only-key`
    if (w[name.size() + 1] == '=') return w.substr(name.size() + 2);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> Sentence::attributes() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (std::size_t i = 1; i < size(); ++i) {
    if (auto kv = split_attribute((*this)[i])) out.push_back(*kv);
  }
  return out;
}

Trap Sentence::trap() const {
  Trap trap;
  if (auto category = attribute("category")) {
    int value = 0;
    const char* b = category->data();
    const char* e = b + category->size();
    auto [ptr, ec] = std::from_chars(b, e, value);
    if (ec == std::errc() && ptr == e) trap.category = value;
  }
  if (auto message = attribute("message")) trap.message = std::string(*message);
  return trap;
}

std::string Sentence::reason() const {
  for (std::size_t i = 1; i < size(); ++i) {
    const std::string_view w = (*this)[i];
    if (!w.empty() && w[0] != '=' && w[0] != '.') return std::string(w);
  }
  if (auto message = attribute("message")) return std::string(*message);
  return std::string();
}

void append_log_word(std::string_view word, bool first, std::string& out) {
  if (!first) out.push_back(' ');
  auto kv = split_attribute(word);
  if (!first && kv && (kv->first == "password" || kv->first == "response")) {
    out += '=';
    out += kv->first;
    out += "=***";
    return;
  }
  out += display_text(word);
}

std::string Sentence::to_log_string() const {
  std::string out;
  for (std::size_t i = 0; i < size(); ++i) append_log_word((*this)[i], i == 0, out);
  return out;
}

bool operator==(const Sentence& a, const Sentence& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace ill::routeros
