#include "sim/query.hpp"

#include <charconv>

namespace ill::sim {

const std::string* find_property(const Row& row, std::string_view name) {
  for (const auto& [k, v] : row)
    if (k == name) return &v;
  return nullptr;
}

Result<QueryProgram> QueryProgram::compile(const std::vector<std::string>& words) {
  QueryProgram p;
  for (const auto& word : words) {
    if (word.size() < 2 || word[0] != '?')
      return fail(Errc::invalid_input, "bad query word '{}'", word);
    std::string_view body(word);
    body.remove_prefix(1);
    Op op;
    auto split = [&](std::string_view text, Op::Kind kind) -> bool {
      auto eq = text.find('=');
      if (eq == std::string_view::npos || eq == 0) return false;
      op.kind = kind;
      op.name = std::string(text.substr(0, eq));
      op.value = std::string(text.substr(eq + 1));
      return true;
    };
    bool ok = true;
    switch (body[0]) {
    case '#':
      op.kind = Op::Kind::stack;
      op.value = std::string(body.substr(1));
      break;
    case '-':
      op.kind = Op::Kind::lacks;
      op.name = std::string(body.substr(1));
      ok = !op.name.empty();
      break;
    case '<': ok = split(body.substr(1), Op::Kind::lt); break;
    case '>': ok = split(body.substr(1), Op::Kind::gt); break;
    case '=': ok = split(body.substr(1), Op::Kind::eq); break;
    default:
      if (body.find('=') != std::string_view::npos) {
        ok = split(body, Op::Kind::eq);
      } else {
        op.kind = Op::Kind::has;
        op.name = std::string(body);
      }
    }
    if (!ok) return fail(Errc::invalid_input, "bad query word '{}'", word);
    p.m_ops.push_back(std::move(op));
  }
  return p;
}

namespace {

// Numbers compare as numbers, everything else as bytes.
int compare_values(std::string_view a, std::string_view b) {
  std::int64_t x, y;
  auto ra = std::from_chars(a.data(), a.data() + a.size(), x);
  auto rb = std::from_chars(b.data(), b.data() + b.size(), y);
  if (!a.empty() && !b.empty() && ra.ec == std::errc() && ra.ptr == a.data() + a.size() &&
      rb.ec == std::errc() && rb.ptr == b.data() + b.size())
    return x < y ? -1 : (x > y ? 1 : 0);
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The stack starts as infinitely many `true`: popping an empty stack yields true.
struct Stack {
  std::vector<bool> v;
  bool pop() {
    if (v.empty()) return true;
    bool b = v.back();
    v.pop_back();
    return b;
  }
  bool top() const { return v.empty() ? true : v.back(); }
  bool at(std::size_t index) const {  // 0 = top
    if (index >= v.size()) return true;
    return v[v.size() - 1 - index];
  }
};

void run_stack_ops(Stack& s, std::string_view ops) {
  bool after_index = false;
  for (std::size_t i = 0; i < ops.size();) {
    char c = ops[i];
    if (c >= '0' && c <= '9') {
      std::size_t j = i;
      std::size_t index = 0;
      while (j < ops.size() && ops[j] >= '0' && ops[j] <= '9')
        index = index * 10 + (ops[j++] - '0');
      bool value = s.at(index);
      if (j == ops.size()) {
        s.v.assign(1, value);  // index at the end of the word: the whole stack becomes it
      } else {
        s.v.push_back(value);
      }
      i = j;
      after_index = true;
      continue;
    }
    switch (c) {
    case '!': {
      bool b = s.pop();
      s.v.push_back(!b);
      break;
    }
    case '&': {
      bool a = s.pop(), b = s.pop();
      s.v.push_back(a && b);
      break;
    }
    case '|': {
      bool a = s.pop(), b = s.pop();
      s.v.push_back(a || b);
      break;
    }
    case '.':
      if (!after_index) s.v.push_back(s.top());
      break;
    default: break;  // unknown operator characters are ignored
    }
    after_index = false;
    ++i;
  }
}

}  // namespace

bool QueryProgram::matches(const Row& row) const {
  if (m_ops.empty()) return true;
  Stack s;
  for (const auto& op : m_ops) {
    const std::string* value = op.kind == Op::Kind::stack ? nullptr : find_property(row, op.name);
    std::string_view have = value ? std::string_view(*value) : std::string_view();
    switch (op.kind) {
    case Op::Kind::has: s.v.push_back(value != nullptr); break;
    case Op::Kind::lacks: s.v.push_back(value == nullptr); break;
    case Op::Kind::eq: s.v.push_back(have == op.value); break;
    case Op::Kind::lt: s.v.push_back(value && compare_values(have, op.value) < 0); break;
    case Op::Kind::gt: s.v.push_back(value && compare_values(have, op.value) > 0); break;
    case Op::Kind::stack: run_stack_ops(s, op.value); break;
    }
  }
  for (bool b : s.v)
    if (!b) return false;
  return true;
}

std::vector<std::string> split_proplist(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto comma = text.find(',', pos);
    auto piece = text.substr(pos, comma == std::string_view::npos ? text.npos : comma - pos);
    if (!piece.empty()) out.emplace_back(piece);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

Row project(const Row& row, const std::vector<std::string>& proplist) {
  if (proplist.empty()) return row;
  Row out;
  for (const auto& kv : row) {
    for (const auto& p : proplist) {
      if (p == kv.first) {
        out.push_back(kv);
        break;
      }
    }
  }
  return out;
}

}  // namespace ill::sim
