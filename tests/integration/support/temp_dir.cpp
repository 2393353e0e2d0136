#include "temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace ill::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ill-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
  auto file = m_path / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

}  // namespace ill::test
