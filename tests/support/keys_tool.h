#pragma once

#include <map>
#include <string>
#include <vector>

namespace orderflow::testing {

struct ToolResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the orderflow-keys binary with `args` and exactly the environment `env`.
ToolResult run_keys_tool(const std::map<std::string, std::string>& env, const std::vector<std::string>& args);

// `orderflow-keys create NAME ARGS...`: the key it printed; throws with its stderr when it failed.
std::string create_api_key(const std::map<std::string, std::string>& env, const std::string& name,
                           const std::vector<std::string>& args = {});

}  // namespace orderflow::testing
