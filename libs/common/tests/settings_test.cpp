#include "orderflow/common/settings.h"

#include <gtest/gtest.h>
#include <map>

namespace orderflow {
namespace {

Settings make(const std::map<std::string, std::string>& env) {
  static char program[] = "svc";
  static char* argv[] = {program, nullptr};
  return Settings("svc", 1, argv, [env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(Settings, UsesDefaultsWhenVariablesAreUnset) {
  auto settings = make({});
  EXPECT_EQ(settings.integer("HTTP_PORT", 8080, 1, 65535, "port"), 8080);
  EXPECT_EQ(settings.text("KAFKA_BROKERS", "127.0.0.1:9092", "brokers"), "127.0.0.1:9092");
  EXPECT_TRUE(settings.errors().empty());
}

TEST(Settings, BadValuesAreReportedByVariableName) {
  auto settings = make({{"HTTP_PORT", "eighty"}, {"BATCH_MAX_EVENTS", "0"}, {"KAFKA_CREATE_TOPICS", "maybe"}});
  settings.integer("HTTP_PORT", 8080, 1, 65535, "port");
  settings.integer("BATCH_MAX_EVENTS", 500, 1, 100000, "batch");
  settings.flag("KAFKA_CREATE_TOPICS", true, "create");
  ASSERT_EQ(settings.errors().size(), 3u);
  EXPECT_NE(settings.errors()[0].find("HTTP_PORT='eighty'"), std::string::npos);
  EXPECT_NE(settings.errors()[1].find("BATCH_MAX_EVENTS='0'"), std::string::npos);
  EXPECT_NE(settings.errors()[2].find("KAFKA_CREATE_TOPICS='maybe'"), std::string::npos);
}

TEST(Settings, ChoicesOutsideTheListAreErrors) {
  auto settings = make({{"LOG_LEVEL", "loud"}});
  EXPECT_EQ(settings.choice("LOG_LEVEL", "info", {"debug", "info"}, "level"), "info");
  ASSERT_EQ(settings.errors().size(), 1u);
  EXPECT_NE(settings.errors()[0].find("LOG_LEVEL='loud' is not one of debug|info"), std::string::npos);
}

TEST(Settings, HelpListsEveryVariableWithItsDefault) {
  auto settings = make({});
  settings.integer("HTTP_PORT", 8080, 1, 65535, "port the API listens on");
  settings.text("DATABASE_URL", "postgresql://x", "PostgreSQL");
  const std::string help = settings.help_text();
  EXPECT_NE(help.find("HTTP_PORT"), std::string::npos);
  EXPECT_NE(help.find("(default: 8080)"), std::string::npos);
  EXPECT_NE(help.find("DATABASE_URL"), std::string::npos);
}

}  // namespace
}  // namespace orderflow
