#include "handles.h"

#include "orderflow/common/logger.h"
#include "orderflow/kafka/statistics.h"

namespace orderflow::kafka::detail {
namespace {

void log_callback(const rd_kafka_t*, int level, const char* facility, const char* message) {
  // syslog levels: 0-3 errors, 4 warnings, 5-6 notices, 7 debug.
  const nlohmann::json fields = {{"component", "librdkafka"}, {"facility", facility}};
  if (level <= 3) {
    log::error(message, fields);
  } else if (level == 4) {
    log::warn(message, fields);
  } else {
    log::debug(message, fields);
  }
}

}  // namespace

void set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
    // A credential is never repeated in an error.
    const bool secret = name.find("password") != std::string::npos || name.find("secret") != std::string::npos;
    throw KafkaError("Kafka setting " + name + "=" + (secret ? "***" : value) + " rejected: " + error, false);
  }
}

ConfPtr make_conf(const ClientConfig& config) {
  ConfPtr conf(rd_kafka_conf_new());
  set(conf.get(), "bootstrap.servers", config.brokers);
  if (!config.client_id.empty()) set(conf.get(), "client.id", config.client_id);
  for (const auto& [name, value] : config.properties) set(conf.get(), name, value);
  rd_kafka_conf_set_log_cb(conf.get(), &log_callback);
  if (config.statistics) {
    set(conf.get(), "statistics.interval.ms", std::to_string(config.statistics_interval_ms));
    rd_kafka_conf_set_opaque(conf.get(), config.statistics);
    rd_kafka_conf_set_stats_cb(conf.get(), [](rd_kafka_t*, char* json, size_t length, void* opaque) {
      static_cast<StatisticsMetrics*>(opaque)->on_statistics(std::string(json, length));
      return 0;  // librdkafka frees the buffer
    });
  }
  return conf;
}

void destroy(rd_kafka_t* handle, StatisticsMetrics* statistics) {
  const std::string name = rd_kafka_name(handle);
  rd_kafka_destroy(handle);
  if (statistics) statistics->forget(name);
}

Message to_message(const rd_kafka_message_t* m) {
  Message out;
  out.topic = rd_kafka_topic_name(m->rkt);
  out.partition = m->partition;
  out.offset = m->offset;
  if (m->key) out.key.assign(static_cast<const char*>(m->key), m->key_len);
  if (m->payload) out.value.assign(static_cast<const char*>(m->payload), m->len);
  rd_kafka_timestamp_type_t type;
  out.timestamp_ms = rd_kafka_message_timestamp(m, &type);

  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      out.headers.emplace_back(name, value ? std::string(static_cast<const char*>(value), size) : std::string());
    }
  }
  return out;
}

bool is_retriable(rd_kafka_resp_err_t error) {
  switch (error) {
    // Requests the broker will refuse however often they are sent.
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    // The client itself is done for (the idempotent producer lost its sequence, say): every later
    // request fails the same way, so the process stops and is started afresh.
    case RD_KAFKA_RESP_ERR__FATAL:
      return false;
    default:
      return true;
  }
}

bool is_about_message(rd_kafka_resp_err_t error) {
  switch (error) {
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
      return true;
    default:
      return false;
  }
}

}  // namespace orderflow::kafka::detail
