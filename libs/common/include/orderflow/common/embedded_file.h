#pragma once

#include <string_view>
#include <vector>

namespace orderflow {

// A file compiled into the binary by orderflow_embed_files() (cmake/orderflow.cmake), so a service
// carries its schema migrations and contract without needing the source tree at run time.
struct EmbeddedFile {
  std::string_view path;  // relative to the directory it was embedded from
  std::string_view content;
};

}  // namespace orderflow
