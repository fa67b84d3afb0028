#include "offsets.h"

#include <librdkafka/rdkafka.h>
#include <memory>
#include <stdexcept>

namespace orderflow::testing {
namespace {

struct Handle {
  rd_kafka_t* rk = nullptr;
  ~Handle() {
    if (rk) rd_kafka_destroy(rk);
  }
};

void open(Handle& handle, const std::string& brokers, const std::string& group) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "group.id", group.c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
  handle.rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (!handle.rk) throw std::runtime_error(error);
}

int partition_count(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_t* t = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  if (rd_kafka_metadata(rk, 0, t, &metadata, 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_topic_destroy(t);
    throw std::runtime_error("no metadata for " + topic);
  }
  const int count = metadata->topic_cnt > 0 ? metadata->topics[0].partition_cnt : 0;
  rd_kafka_metadata_destroy(metadata);
  rd_kafka_topic_destroy(t);
  return count;
}

}  // namespace

void reset_group_to_earliest(const std::string& brokers, const std::string& group, const std::string& topic) {
  Handle handle;
  open(handle, brokers, group);
  const int partitions = partition_count(handle.rk, topic);
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    rd_kafka_query_watermark_offsets(handle.rk, topic.c_str(), p, &low, &high, 10000);
    rd_kafka_topic_partition_list_add(offsets, topic.c_str(), p)->offset = low;
  }
  const auto err = rd_kafka_commit(handle.rk, offsets, 0);
  rd_kafka_topic_partition_list_destroy(offsets);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error(std::string("reset failed: ") + rd_kafka_err2str(err));
}

long long group_lag(const std::string& brokers, const std::string& group, const std::string& topic) {
  Handle handle;
  open(handle, brokers, group);
  const int partitions = partition_count(handle.rk, topic);
  rd_kafka_topic_partition_list_t* committed = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(committed, topic.c_str(), p);
  rd_kafka_committed(handle.rk, committed, 10000);
  long long lag = 0;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    rd_kafka_query_watermark_offsets(handle.rk, topic.c_str(), p, &low, &high, 10000);
    const int64_t at = committed->elems[p].offset < 0 ? low : committed->elems[p].offset;
    lag += high - at;
  }
  rd_kafka_topic_partition_list_destroy(committed);
  return lag;
}

GroupState describe_group(const std::string& brokers, const std::string& group, const std::string& topic) {
  Handle handle;
  open(handle, brokers, group + "-observer");
  rd_kafka_queue_t* queue = rd_kafka_queue_new(handle.rk);
  const char* groups[] = {group.c_str()};
  rd_kafka_DescribeConsumerGroups(handle.rk, groups, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 15000);
  rd_kafka_queue_destroy(queue);
  if (!event) throw std::runtime_error("DescribeConsumerGroups timed out");
  std::unique_ptr<rd_kafka_event_t, decltype(&rd_kafka_event_destroy)> owned(event, rd_kafka_event_destroy);
  if (rd_kafka_event_error(event)) throw std::runtime_error(rd_kafka_event_error_string(event));
  const auto* result = rd_kafka_event_DescribeConsumerGroups_result(event);
  size_t count = 0;
  const auto* const* descriptions = rd_kafka_DescribeConsumerGroups_result_groups(result, &count);
  if (count != 1) throw std::runtime_error("no description of group " + group);
  const auto* description = descriptions[0];
  if (const auto* error = rd_kafka_ConsumerGroupDescription_error(description)) {
    throw std::runtime_error(rd_kafka_error_string(error));
  }
  GroupState out;
  out.state = rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(description));
  for (size_t m = 0; m < rd_kafka_ConsumerGroupDescription_member_count(description); ++m) {
    const auto* member = rd_kafka_ConsumerGroupDescription_member(description, m);
    auto& partitions = out.partitions_by_member[rd_kafka_MemberDescription_consumer_id(member)];
    const auto* assigned = rd_kafka_MemberAssignment_partitions(rd_kafka_MemberDescription_assignment(member));
    for (int i = 0; assigned && i < assigned->cnt; ++i) {
      if (topic == assigned->elems[i].topic) partitions.push_back(assigned->elems[i].partition);
    }
  }
  return out;
}

}  // namespace orderflow::testing
