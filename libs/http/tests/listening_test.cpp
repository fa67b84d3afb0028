// A server holds its port alone: a second one started on it fails, naming the port, instead of
// sharing it. Checked on real servers bound to free ports.
#include <gtest/gtest.h>
#include <memory>
#include <stdexcept>
#include <string>

#include "orderflow/http/server.h"

namespace orderflow::http {
namespace {

TEST(Listening, AServerCannotTakeAPortAnotherAlreadyListensOn) {
  ServerOptions options;
  options.port = 0;
  Server first(options, std::make_shared<metrics::Registry>());
  first.start();
  options.port = first.port();
  Server second(options, std::make_shared<metrics::Registry>());
  try {
    second.start();
    ADD_FAILURE() << "a second server started on port " << first.port();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(first.port())), std::string::npos) << e.what();
  }
  first.stop();
}

}  // namespace
}  // namespace orderflow::http
