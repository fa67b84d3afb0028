// orderflow-loadgen: realistic traffic for a running orderflow, open loop or as fast as it goes.
//
//   orderflow-loadgen [--gateway http://127.0.0.1:8080] [--api-key KEY] [--rate 200] [--duration 60]
//                     [--connections 16] [--users 200] [--products 50] [--fraud-share 0.02]
//                     [--seed 1] [--run ID] [--labels FILE] [--json]
//
// It first creates the users and products, then sends orders with items, their payments, stock
// adjustments and product changes (traffic.h). With --rate R, request i is due at start + i/R and
// its latency counts from then (no coordinated omission); --rate 0 sends as fast as answers come.
// On a terminal a progress line shows the live rate and errors; otherwise a plain line per second.
// The summary gives latency percentiles, status codes and what was accepted, by kind; --labels
// writes "orderId,pattern" for every planted fraud pattern. The API key comes from --api-key,
// ORDERFLOW_API_KEY or .orderflow/dev-api-key (what deploy/local/run.sh writes).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <httplib.h>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "traffic.h"

using namespace orderflow::loadgen;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string gateway = "http://127.0.0.1:8080";
  std::string api_key;
  double rate = 200;
  double duration = 60;
  int connections = 16;
  std::string labels;
  bool json = false;
  TrafficOptions traffic;
};

Options parse(int argc, char** argv) {
  Options o;
  o.traffic.run =
      "lg" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() / 1'000'000 % 100'000'000);
  if (const char* key = std::getenv("ORDERFLOW_API_KEY")) o.api_key = key;
  if (o.api_key.empty()) {
    std::ifstream file(".orderflow/dev-api-key");
    std::getline(file, o.api_key);
  }
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "--json") {
      o.json = true;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
    const std::string value = argv[++i];
    if (name == "--gateway")
      o.gateway = value;
    else if (name == "--api-key")
      o.api_key = value;
    else if (name == "--rate")
      o.rate = std::stod(value);
    else if (name == "--duration")
      o.duration = std::stod(value);
    else if (name == "--connections")
      o.connections = std::stoi(value);
    else if (name == "--users")
      o.traffic.users = std::stoi(value);
    else if (name == "--products")
      o.traffic.products = std::stoi(value);
    else if (name == "--fraud-share")
      o.traffic.fraud_share = std::stod(value);
    else if (name == "--seed")
      o.traffic.seed = std::stoull(value);
    else if (name == "--run")
      o.traffic.run = value;
    else if (name == "--labels")
      o.labels = value;
    else
      throw std::invalid_argument("unknown argument " + name);
  }
  if (o.connections < 1 || o.duration <= 0 || o.rate < 0 || o.traffic.users < 1 || o.traffic.products < 1) {
    throw std::invalid_argument("--connections, --duration, --users and --products must be positive, --rate >= 0");
  }
  return o;
}

// Everything measured, shared by the workers.
class Tally {
 public:
  void record(const Request& request, int status, double latency_ms) {
    std::lock_guard lock(mutex_);
    latencies_.push_back(latency_ms);
    ++statuses_[status];
    if (status == 202) {
      ++accepted_[request.kind];
      if (!request.fraud_pattern.empty() && !request.order_id.empty() && request.kind == "order") {
        labels_.emplace_back(request.order_id, request.fraud_pattern);
      }
    } else {
      ++errors_;
    }
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return latencies_.size();
  }
  std::size_t errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
  }
  nlohmann::json summary(double seconds) {
    std::lock_guard lock(mutex_);
    std::sort(latencies_.begin(), latencies_.end());
    auto percentile = [&](double p) {
      if (latencies_.empty()) return 0.0;
      return latencies_[std::min(latencies_.size() - 1, static_cast<std::size_t>(p * latencies_.size()))];
    };
    nlohmann::json statuses = nlohmann::json::object();
    for (const auto& [status, n] : statuses_) statuses[status == 0 ? "no answer" : std::to_string(status)] = n;
    std::map<std::string, std::size_t> planted;
    for (const auto& [order, pattern] : labels_) ++planted[pattern];
    return {{"requests", latencies_.size()},
            {"seconds", seconds},
            {"rate", static_cast<double>(latencies_.size()) / seconds},
            {"latencyMs",
             {{"p50", percentile(0.5)},
              {"p90", percentile(0.9)},
              {"p99", percentile(0.99)},
              {"p999", percentile(0.999)},
              {"max", latencies_.empty() ? 0 : latencies_.back()}}},
            {"statuses", statuses},
            {"accepted", accepted_},
            {"fraudPlanted", planted}};
  }
  void write_labels(const std::string& path) {
    std::lock_guard lock(mutex_);
    std::ofstream out(path);
    out << "orderId,pattern\n";
    for (const auto& [order, pattern] : labels_) out << order << "," << pattern << "\n";
  }

 private:
  mutable std::mutex mutex_;
  std::vector<double> latencies_;
  std::map<int, std::size_t> statuses_;
  std::map<std::string, std::size_t> accepted_;
  std::vector<std::pair<std::string, std::string>> labels_;
  std::size_t errors_ = 0;
};

int send(httplib::Client& client, const Request& request) {
  auto answer = client.Post(request.path, request.body, "application/json");
  return answer ? answer->status : 0;
}

httplib::Client client_for(const Options& options) {
  httplib::Client client(options.gateway);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // else each keep-alive request waits on delayed ACKs (40 ms)
  client.set_bearer_token_auth(options.api_key);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(30));
  return client;
}

// A line of progress each second: a bar on a terminal, plain text in a log.
void show_progress(const Tally& tally, double elapsed, double total, bool terminal) {
  static std::size_t last_count = 0;
  const std::size_t count = tally.count();
  const std::size_t per_second = count - last_count;
  last_count = count;
  if (!terminal) {
    std::fprintf(stderr, "%5.0fs  %8zu sent  %6zu/s  %zu errors\n", elapsed, count, per_second, tally.errors());
    return;
  }
  const int width = 30;
  const int done = static_cast<int>(width * std::min(1.0, elapsed / total));
  std::fprintf(stderr, "\r[%s%s] %3.0f/%.0fs  %8zu sent  %6zu/s  %zu errors ", std::string(done, '#').c_str(),
               std::string(width - done, '.').c_str(), elapsed, total, count, per_second, tally.errors());
  std::fflush(stderr);
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  if (options.api_key.empty()) {
    std::cerr << "orderflow-loadgen: no API key: pass --api-key, set ORDERFLOW_API_KEY, or run deploy/local/run.sh\n";
    return 2;
  }
  Traffic traffic(options.traffic);
  Tally setup_tally;
  {
    auto client = client_for(options);
    for (const auto& request : traffic.setup()) {
      int status = send(client, request);
      // Over the key's rate limit or the gateway's capacity: wait as asked, the setup must be whole.
      for (int retry = 0; retry < 60 && (status == 429 || status == 503); ++retry) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        status = send(client, request);
      }
      setup_tally.record(request, status, 0);
      if (status == 401 || status == 403 || status == 0) {
        std::cerr << "orderflow-loadgen: the gateway answered " << status << " while creating users and products\n";
        return 1;
      }
    }
  }
  std::cerr << "created " << options.traffic.users << " users and " << options.traffic.products << " products (run "
            << options.traffic.run << ")\n";

  Tally tally;
  std::atomic<std::uint64_t> next_index{0};
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration));
  std::vector<std::thread> workers;
  for (int w = 0; w < options.connections; ++w) {
    workers.emplace_back([&, w] {
      std::mt19937_64 random(options.traffic.seed * 7919 + static_cast<std::uint64_t>(w));
      auto client = client_for(options);
      while (true) {
        const std::uint64_t i = next_index.fetch_add(1);
        auto due = Clock::now();
        if (options.rate > 0) {
          due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(i / options.rate));
          if (due >= end) break;
          std::this_thread::sleep_until(due);
        } else if (due >= end) {
          break;
        }
        const Request request = traffic.next(random);
        const int status = send(client, request);
        tally.record(request, status, std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
    });
  }
  const bool terminal = isatty(STDERR_FILENO) == 1;
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    show_progress(tally, std::chrono::duration<double>(Clock::now() - start).count(), options.duration, terminal);
  }
  for (auto& worker : workers) worker.join();
  if (terminal) std::fputc('\n', stderr);

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  auto summary = tally.summary(seconds);
  summary["run"] = options.traffic.run;
  summary["setup"] = {{"users", options.traffic.users}, {"products", options.traffic.products}};
  if (!options.labels.empty()) tally.write_labels(options.labels);
  if (options.json) {
    std::cout << summary.dump() << "\n";
  } else {
    const auto& l = summary["latencyMs"];
    std::printf("run %s: %zu requests in %.1f s (%.0f/s)\n", options.traffic.run.c_str(),
                summary["requests"].get<std::size_t>(), seconds, summary["rate"].get<double>());
    std::printf("latency from the intended send time: p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  p99.9 %.1f ms\n",
                l["p50"].get<double>(), l["p90"].get<double>(), l["p99"].get<double>(), l["p999"].get<double>());
    std::printf("statuses: %s\naccepted: %s\nfraud patterns planted (orders): %s\n", summary["statuses"].dump().c_str(),
                summary["accepted"].dump().c_str(), summary["fraudPlanted"].dump().c_str());
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "orderflow-loadgen: " << e.what() << "\n";
  return 2;
}
