// How librdkafka's error codes are classed: retried, refused for the message, or stopping.
#include <gtest/gtest.h>

#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/client_config.h"

#include "../src/handles.h"

namespace orderflow::kafka {
namespace {

Disposition disposition_of(rd_kafka_resp_err_t error) {
  return classify(KafkaError(rd_kafka_err2str(error), detail::is_retriable(error), detail::is_about_message(error)));
}

TEST(KafkaErrorClasses, ABrokerThatCannotBeReachedIsRetried) {
  EXPECT_EQ(disposition_of(RD_KAFKA_RESP_ERR__TRANSPORT), Disposition::kRetry);
  EXPECT_EQ(disposition_of(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT), Disposition::kRetry);
  EXPECT_EQ(disposition_of(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS), Disposition::kRetry);
}

TEST(KafkaErrorClasses, AMessageTheBrokerRefusesForItselfIsDeadLettered) {
  EXPECT_EQ(disposition_of(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE), Disposition::kDeadLetter);
}

TEST(KafkaErrorClasses, AFatalClientErrorStopsInsteadOfRetryingForever) {
  EXPECT_EQ(disposition_of(RD_KAFKA_RESP_ERR__FATAL), Disposition::kStop);
  EXPECT_EQ(disposition_of(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED), Disposition::kStop);
}

}  // namespace
}  // namespace orderflow::kafka
