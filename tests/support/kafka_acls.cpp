#include "kafka_acls.h"

#include <librdkafka/rdkafka.h>
#include <stdexcept>
#include <vector>

namespace orderflow::testing {
namespace {

constexpr const char* kEveryone = "User:ANONYMOUS";

// Waits for the admin result on `queue` and throws the first error it carries.
void check(rd_kafka_queue_t* queue, const std::string& what) {
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30000);
  if (!event) throw std::runtime_error(what + ": no answer from Kafka");
  std::string error = rd_kafka_event_error(event) ? rd_kafka_event_error_string(event) : "";
  if (const auto* created = rd_kafka_event_CreateAcls_result(event)) {
    std::size_t count = 0;
    const rd_kafka_acl_result_t** results = rd_kafka_CreateAcls_result_acls(created, &count);
    for (std::size_t i = 0; i < count && error.empty(); ++i) {
      if (const auto* e = rd_kafka_acl_result_error(results[i])) error = rd_kafka_error_string(e);
    }
  }
  rd_kafka_event_destroy(event);
  if (!error.empty()) throw std::runtime_error(what + ": " + error);
}

}  // namespace

void refuse_writes(const std::string& brokers, const std::string& topic, bool refuse) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
  rd_kafka_t* admin = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!admin) throw std::runtime_error(error);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin);
  if (refuse) {
    std::vector<rd_kafka_AclBinding_t*> acls = {
        rd_kafka_AclBinding_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str(), RD_KAFKA_RESOURCE_PATTERN_LITERAL, kEveryone,
                                "*", RD_KAFKA_ACL_OPERATION_ALL, RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW, error,
                                sizeof error),
        rd_kafka_AclBinding_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str(), RD_KAFKA_RESOURCE_PATTERN_LITERAL, kEveryone,
                                "*", RD_KAFKA_ACL_OPERATION_WRITE, RD_KAFKA_ACL_PERMISSION_TYPE_DENY, error,
                                sizeof error)};
    rd_kafka_CreateAcls(admin, acls.data(), acls.size(), nullptr, queue);
    for (auto* acl : acls) rd_kafka_AclBinding_destroy(acl);
  } else {
    rd_kafka_AclBindingFilter_t* filter = rd_kafka_AclBindingFilter_new(
        RD_KAFKA_RESOURCE_TOPIC, topic.c_str(), RD_KAFKA_RESOURCE_PATTERN_LITERAL, kEveryone, nullptr,
        RD_KAFKA_ACL_OPERATION_ANY, RD_KAFKA_ACL_PERMISSION_TYPE_ANY, error, sizeof error);
    rd_kafka_DeleteAcls(admin, &filter, 1, nullptr, queue);
    rd_kafka_AclBinding_destroy(filter);
  }
  try {
    check(queue, (refuse ? "refusing writes to " : "allowing writes to ") + topic);
  } catch (...) {
    rd_kafka_queue_destroy(queue);
    rd_kafka_destroy(admin);
    throw;
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(admin);
}

}  // namespace orderflow::testing
