#include "orderflow/common/settings.h"

#include <cstdio>
#include <fstream>
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

TEST(Settings, SecretsComeFromTheVariableOrTheFileItsFileVariableNames) {
  const std::string path = ::testing::TempDir() + "/settings_secret";
  std::ofstream(path) << "s3cret-from-file\n";
  auto from_file = make({{"REDIS_URL_FILE", path}});
  EXPECT_EQ(from_file.secret("REDIS_URL", "redis://127.0.0.1", "Redis"), "s3cret-from-file");
  auto direct = make({{"REDIS_URL", "s3cret-direct"}});
  EXPECT_EQ(direct.secret("REDIS_URL", "", "Redis"), "s3cret-direct");
  EXPECT_TRUE(from_file.errors().empty() && direct.errors().empty());
  std::remove(path.c_str());
}

TEST(Settings, SecretsAreNeverEchoedInErrorsOrHelp) {
  auto both = make({{"KAFKA_SASL_PASSWORD", "hunter2"}, {"KAFKA_SASL_PASSWORD_FILE", "/nonexistent/hunter2"}});
  both.secret("KAFKA_SASL_PASSWORD", "", "password");
  auto unreadable = make({{"DATABASE_URL_FILE", "/nonexistent/db"}});
  unreadable.secret("DATABASE_URL", "postgresql://orderflow:devpassword@localhost/orderflow", "PostgreSQL");
  ASSERT_EQ(both.errors().size(), 1u);
  EXPECT_EQ(both.errors()[0], "KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set; set one");
  ASSERT_EQ(unreadable.errors().size(), 1u);
  EXPECT_NE(unreadable.errors()[0].find("DATABASE_URL_FILE='/nonexistent/db' cannot be read"), std::string::npos);
  EXPECT_EQ(unreadable.help_text().find("devpassword"), std::string::npos);
  EXPECT_NE(unreadable.help_text().find("DATABASE_URL_FILE"), std::string::npos);
}

}  // namespace
}  // namespace orderflow
