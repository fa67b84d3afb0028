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

}  // namespace orderflow::testing
