// orderflow-bench-feed: writes N events of the benchmark mix (event_mix.h) to a topic with
// librdkafka's own producer (idempotent, acks=all, batched as a bulk loader would), and reports
// its throughput: the ceiling for anything that produces to this broker. With --copy-dir it also
// writes the rows the processor makes of those events, in COPY format, one file per table.
//
//   orderflow-bench-feed --brokers HOST:PORT --topic T --events N --run ID [--partitions 6] [--copy-dir DIR]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <librdkafka/rdkafka.h>
#include <map>
#include <stdexcept>
#include <string>

#include "event_mix.h"

namespace {

struct Arguments {
  std::string brokers, topic, run, copy_dir;
  std::uint64_t events = 0;
  int partitions = 6;
};

Arguments parse(int argc, char** argv) {
  Arguments a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--brokers")
      a.brokers = value;
    else if (name == "--topic")
      a.topic = value;
    else if (name == "--run")
      a.run = value;
    else if (name == "--copy-dir")
      a.copy_dir = value;
    else if (name == "--events")
      a.events = std::stoull(value);
    else if (name == "--partitions")
      a.partitions = std::stoi(value);
    else
      throw std::invalid_argument("unknown argument " + name);
  }
  if (a.brokers.empty() || a.topic.empty() || a.run.empty()) {
    throw std::invalid_argument("usage: --brokers HOST:PORT --topic T --events N --run ID [--copy-dir DIR]");
  }
  return a;
}

void set(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
    throw std::runtime_error(std::string(name) + ": " + error);
  }
}

std::uint64_t failed = 0;

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  if (message->err) {
    if (failed++ == 0) std::fprintf(stderr, "delivery failed: %s\n", rd_kafka_err2str(message->err));
  }
}

// Creates the topic with `partitions` partitions; one that exists already is fine.
void create_topic(rd_kafka_t* producer, const std::string& topic, int partitions) {
  char error[512];
  rd_kafka_NewTopic_t* spec = rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, error, sizeof error);
  if (!spec) throw std::runtime_error(error);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(producer);
  rd_kafka_CreateTopics(producer, &spec, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 30'000);
  std::string failure = event ? "" : "no answer to CreateTopics";
  if (event) {
    size_t count = 0;
    const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    for (size_t i = 0; i < count; ++i) {
      const auto err = rd_kafka_topic_result_error(results[i]);
      if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) failure = rd_kafka_err2str(err);
    }
    rd_kafka_event_destroy(event);
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(spec);
  if (!failure.empty()) throw std::runtime_error("creating " + topic + ": " + failure);
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& line : lines) out << line << '\n';
}

void write_copy_files(const std::string& dir, const orderflow::bench::CopyRows& rows) {
  write_lines(dir + "/processed_events.copy", rows.processed_events);
  write_lines(dir + "/users.copy", rows.users);
  write_lines(dir + "/orders.copy", rows.orders);
  write_lines(dir + "/payments.copy", rows.payments);
  std::map<std::string, long long> net;
  for (const auto& [sku, quantity] : rows.inventory) net[sku] += quantity;
  std::vector<std::string> inventory;
  for (const auto& [sku, quantity] : net) inventory.push_back(sku + "\t" + std::to_string(quantity));
  write_lines(dir + "/inventory.copy", inventory);
}

}  // namespace

int main(int argc, char** argv) try {
  const Arguments args = parse(argc, argv);
  const orderflow::bench::EventMix mix(args.run);

  // Generated before the clock starts, so the figure is the producer's alone.
  std::vector<orderflow::bench::MixedEvent> events;
  events.reserve(args.events);
  orderflow::bench::CopyRows rows;
  for (std::uint64_t n = 0; n < args.events; ++n)
    events.push_back(mix.make(n, args.copy_dir.empty() ? nullptr : &rows));
  if (!args.copy_dir.empty()) write_copy_files(args.copy_dir, rows);

  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", args.brokers);
  set(conf, "enable.idempotence", "true");
  set(conf, "acks", "all");
  set(conf, "linger.ms", "20");
  set(conf, "batch.size", "1000000");
  set(conf, "queue.buffering.max.messages", "1000000");
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  char error[512];
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!producer) throw std::runtime_error(error);
  create_topic(producer, args.topic, args.partitions);
  if (args.events == 0) {  // --events 0: only create the topic
    rd_kafka_destroy(producer);
    return 0;
  }

  std::uint64_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& e : events) {
    for (;;) {
      const auto err = rd_kafka_producev(
          producer, RD_KAFKA_V_TOPIC(args.topic.c_str()), RD_KAFKA_V_KEY(e.key.data(), e.key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(e.json.data()), e.json.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_HEADER("eventType", e.event_type.data(), static_cast<ssize_t>(e.event_type.size())),
          RD_KAFKA_V_HEADER("eventId", e.event_id.data(), static_cast<ssize_t>(e.event_id.size())), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) throw std::runtime_error(rd_kafka_err2str(err));
      rd_kafka_poll(producer, 10);
    }
    bytes += e.json.size();
    rd_kafka_poll(producer, 0);
  }
  while (rd_kafka_outq_len(producer) > 0) rd_kafka_poll(producer, 50);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rd_kafka_destroy(producer);
  std::printf("{\"events\":%llu,\"failed\":%llu,\"seconds\":%.3f,\"eventsPerSecond\":%.0f,\"megabytes\":%.1f}\n",
              static_cast<unsigned long long>(args.events), static_cast<unsigned long long>(failed), seconds,
              static_cast<double>(args.events) / seconds, static_cast<double>(bytes) / 1e6);
  return failed == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "orderflow-bench-feed: %s\n", e.what());
  return 2;
}
