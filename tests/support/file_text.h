#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace orderflow::testing {

// The whole of a file, or "" when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace orderflow::testing
