#include "keys_tool.h"

#include <fcntl.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "test_stack.h"

namespace orderflow::testing {
namespace {

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  for (ssize_t got; (got = read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(got));
  return out;
}

}  // namespace

ToolResult run_keys_tool(const std::map<std::string, std::string>& env, const std::vector<std::string>& args) {
  const std::string binary = binary_dir() + "/services/keys-tool/orderflow-keys";
  std::vector<std::string> argv_text = {binary};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<std::string> env_text;
  for (const auto& [k, v] : env) env_text.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (auto& a : argv_text) argv.push_back(a.data());
  for (auto& e : env_text) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);

  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  ToolResult result;
  result.out = read_all(out[0]);  // the tool writes little: reading one pipe then the other cannot block
  result.err = read_all(err[0]);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string create_api_key(const std::map<std::string, std::string>& env, const std::string& name,
                           const std::vector<std::string>& args) {
  std::vector<std::string> all = {"create", name};
  all.insert(all.end(), args.begin(), args.end());
  auto result = run_keys_tool(env, all);
  if (result.exit_code != 0) throw std::runtime_error("orderflow-keys create failed: " + result.err);
  while (!result.out.empty() && result.out.back() == '\n') result.out.pop_back();
  return result.out;
}

}  // namespace orderflow::testing
