#include "orderflow/http/message.h"

#include <gtest/gtest.h>

namespace orderflow::http {
namespace {

// Header names are matched as RFC 9110 says: ASCII letters without regard to case, nothing else.
TEST(Headers, NamesMatchWhateverTheCaseOfTheirLetters) {
  Request request;
  request.headers.emplace("Idempotency-Key", "k-1");
  request.headers.emplace("content-type", "application/json");
  EXPECT_TRUE(request.has_header("idempotency-key"));
  EXPECT_TRUE(request.has_header("IDEMPOTENCY-KEY"));
  EXPECT_EQ(request.get_header_value("iDeMpOtEnCy-KeY"), "k-1");
  EXPECT_EQ(request.get_header_value("Content-Type"), "application/json");
}

TEST(Headers, OnlyLettersAreFolded) {
  Request request;
  request.headers.emplace("X-Trace_Id", "underscore");
  request.headers.emplace("X-\xC3\x89tat", "accented");  // "X-État": bytes beyond ASCII stay as they are
  EXPECT_FALSE(request.has_header("X-Trace-Id"));
  EXPECT_FALSE(request.has_header("x-\xC3\xA9tat"));
  EXPECT_EQ(request.get_header_value("x-\xC3\x89TAT"), "accented");
  EXPECT_EQ(request.get_header_value("x-trace_id"), "underscore");
  EXPECT_EQ(request.get_header_value("X-Missing"), "");
}

}  // namespace
}  // namespace orderflow::http
