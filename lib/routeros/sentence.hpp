// A RouterOS API sentence: an ordered list of words, each raw bytes. Words are stored back to back
// in one byte buffer and addressed by offset, so a decoded sentence costs two allocations however
// many words it has. Accessors return views into the sentence; they stay valid while it lives and
// is not modified.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ill::routeros {

// The kind of a reply sentence, from its first word.
enum class ReplyKind {
  re,       // !re: a data row
  done,     // !done: the last reply to a command (may carry data, e.g. =ret=)
  trap,     // !trap: the command failed (followed by !done)
  fatal,    // !fatal: the router closes the connection
  empty,    // !empty: RouterOS 7.18+ says "no rows" (followed by !done)
  unknown,  // any other word, including a command word or an empty sentence
};

std::string_view to_string(ReplyKind kind);

// What a !trap says. `category` is absent when the router sent none.
struct Trap {
  std::optional<int> category;
  std::string message;
};

// Splits an attribute word `=name=value` at the first `=` after the name. `=only-key` gives
// {"only-key", ""}. Returns nothing for a word that does not start with `=` or has an empty name.
std::optional<std::pair<std::string_view, std::string_view>> split_attribute(std::string_view word);

// Appends one word of a sentence as a log shows it (Sentence::to_log_string), after a space unless
// it is the first: non-printable bytes escaped, a =password= or =response= value as "***".
void append_log_word(std::string_view word, bool first, std::string& out);

class Sentence {
public:
  Sentence() = default;
  Sentence(std::initializer_list<std::string_view> words);
  explicit Sentence(const std::vector<std::string>& words);

  // Appends one word (any bytes).
  void add(std::string_view word);
  void clear();
  void reserve(std::size_t bytes, std::size_t words);

  std::size_t size() const { return m_words.size(); }
  bool empty() const { return m_words.empty(); }
  std::string_view operator[](std::size_t index) const {
    const WordRef& ref = m_words[index];
    return std::string_view(m_bytes.data() + ref.offset, ref.size);
  }
  // Total bytes of all words, without length prefixes.
  std::size_t byte_size() const { return m_bytes.size(); }

  class Iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    Iterator() = default;
    Iterator(const Sentence* sentence, std::size_t index) : m_sentence(sentence), m_index(index) {}
    std::string_view operator*() const { return (*m_sentence)[m_index]; }
    Iterator& operator++() {
      ++m_index;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++m_index;
      return old;
    }
    bool operator==(const Iterator& other) const { return m_index == other.m_index; }
    difference_type operator-(const Iterator& other) const {
      return static_cast<difference_type>(m_index) - static_cast<difference_type>(other.m_index);
    }

  private:
    const Sentence* m_sentence = nullptr;
    std::size_t m_index = 0;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, m_words.size()); }

  std::vector<std::string> to_vector() const;

  // The first word (the reply word or the command path), or "" for an empty sentence.
  std::string_view first() const { return empty() ? std::string_view() : (*this)[0]; }
  ReplyKind reply_kind() const;

  // The value of `.tag=` wherever it is in the sentence (the first word excluded).
  std::optional<std::string_view> tag() const;
  // The value of an API attribute `.name=value` (no leading `=`), e.g. api_attribute("tag").
  std::optional<std::string_view> api_attribute(std::string_view name) const;
  // The value of attribute `=name=value` (first word excluded); "" for `=name=` and `=name`.
  std::optional<std::string_view> attribute(std::string_view name) const;
  bool has_attribute(std::string_view name) const { return attribute(name).has_value(); }
  // Every `=name=value` word in order, split; other words are skipped.
  std::vector<std::pair<std::string_view, std::string_view>> attributes() const;

  // For a !trap: its =category= (when present and numeric) and =message=.
  Trap trap() const;
  // For a !fatal: the bare reason word, or =message= when a peer sends that instead.
  std::string reason() const;

  // For logs: words joined by spaces, non-printable bytes escaped, and the values of
  // =password= and =response= replaced by "***". Never log a sentence any other way.
  std::string to_log_string() const;

  friend bool operator==(const Sentence& a, const Sentence& b);

private:
  friend class Decoder;
  struct WordRef {
    std::uint32_t offset;
    std::uint32_t size;
  };
  // A growable byte buffer with a cheap append (no std::string bookkeeping, trivial move).
  class Bytes {
  public:
    Bytes() = default;
    Bytes(const Bytes& other);
    Bytes& operator=(const Bytes& other);
    Bytes(Bytes&& other) noexcept
        : m_data(std::exchange(other.m_data, nullptr)),
          m_size(std::exchange(other.m_size, 0)),
          m_capacity(std::exchange(other.m_capacity, 0)) {}
    Bytes& operator=(Bytes&& other) noexcept;
    ~Bytes();

    const char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    void append(const char* bytes, std::size_t n) {
      if (n == 0) return;
      if (m_size + n > m_capacity) grow(m_size + n);
      std::memcpy(m_data + m_size, bytes, n);
      m_size += n;
    }
    void reserve(std::size_t capacity) {
      if (capacity > m_capacity) grow(capacity);
    }
    void clear() { m_size = 0; }

  private:
    void grow(std::size_t needed);
    char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
  };
  Bytes m_bytes;
  std::vector<WordRef> m_words;
};

}  // namespace ill::routeros
