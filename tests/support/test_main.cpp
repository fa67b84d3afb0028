// main() for the test binaries that need the real stack: it is started on first use and torn
// down after the last test, whatever the tests' outcome.
#include <gtest/gtest.h>

#include "pipeline.h"
#include "test_stack.h"

namespace {

class StackEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    orderflow::testing::stop_shared_pipeline();
    orderflow::testing::stop_shared_stack();
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new StackEnvironment);
  return RUN_ALL_TESTS();
}
