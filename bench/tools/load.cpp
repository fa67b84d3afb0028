// orderflow-bench-load: an HTTP/1.1 load generator over keep-alive connections.
//
// Open loop (--rate R): request i is due at start + i/R whatever happened before it, and its
// latency is measured from that intended time, so a slow server's queueing shows in the figures
// instead of slowing the client down (no coordinated omission). Requests due while every
// connection is busy wait in the client, and that wait counts. Closed loop (--rate 0): each
// connection sends its next request as soon as the previous answer arrived.
//
//   orderflow-bench-load --port P [--path /order] [--rate R] [--duration S] [--connections C]
//                        [--run ID] [--out FILE] [--api-key KEY (default: $ORDERFLOW_API_KEY)]
// POST /order bodies carry order id "<run>-<i>"; --out writes "orderId,intendedUnixNs,status" per
// request, so end-to-end latency can be joined with what PostgreSQL committed. A progress line goes
// to stderr each second; the summary is one JSON object on stdout.
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Arguments {
  int port = 0;
  std::string path = "/order";
  double rate = 0;
  double duration = 10;
  int connections = 64;
  std::string run = "load";
  std::string out;
  std::string api_key;  // sent as Authorization: Bearer; --api-key or ORDERFLOW_API_KEY
};

Arguments parse(int argc, char** argv) {
  Arguments a;
  if (const char* key = std::getenv("ORDERFLOW_API_KEY")) a.api_key = key;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i], value = argv[i + 1];
    if (name == "--port")
      a.port = std::stoi(value);
    else if (name == "--path")
      a.path = value;
    else if (name == "--rate")
      a.rate = std::stod(value);
    else if (name == "--duration")
      a.duration = std::stod(value);
    else if (name == "--connections")
      a.connections = std::stoi(value);
    else if (name == "--run")
      a.run = value;
    else if (name == "--out")
      a.out = value;
    else if (name == "--api-key")
      a.api_key = value;
    else
      throw std::invalid_argument("unknown argument " + name);
  }
  if (a.port <= 0 || a.connections <= 0 || a.duration <= 0) throw std::invalid_argument("--port is required");
  return a;
}

struct Result {
  Clock::time_point intended;
  Clock::time_point done;
  int status = 0;  // 0: the connection failed
};

struct Connection {
  int fd = -1;
  bool busy = false;
  bool connected = false;
  std::size_t request = 0;
  std::string out;
  std::size_t written = 0;
  std::string in;
};

// The order's time is when it is sent, as a real client's would be.
std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

class Load {
 public:
  explicit Load(const Arguments& args) : args_(args), epoll_(epoll_create1(0)) {
    connections_.resize(static_cast<std::size_t>(args.connections));
    for (auto& c : connections_) open(c);
  }

  void run() {
    const auto start = Clock::now();
    wall_start_ = std::chrono::system_clock::now();
    start_ = start;
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(args_.duration));
    auto next_progress = start + std::chrono::seconds(1);
    std::size_t next = 0;
    const bool open_loop = args_.rate > 0;
    const auto interval =
        open_loop ? std::chrono::duration<double>(1.0 / args_.rate) : std::chrono::duration<double>(0);
    for (;;) {
      const auto now = Clock::now();
      if (open_loop) {
        // Every request whose time has come joins the queue, with that time as its start.
        for (;;) {
          const auto due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(next));
          if (due > now || due >= end) break;
          results_.push_back({due, {}, -1});
          waiting_.push_back(next++);
        }
      } else if (now < end) {
        for (auto& c : connections_) {
          if (c.connected && !c.busy) {
            results_.push_back({now, {}, -1});
            waiting_.push_back(next++);
          }
        }
      }
      for (auto& c : connections_) {
        if (waiting_.empty()) break;
        if (c.connected && !c.busy) send(c, pop_waiting());
      }
      if (now >= next_progress) {
        progress(now - start);
        next_progress += std::chrono::seconds(1);
      }
      if (now >= end && waiting_.empty() && in_flight() == 0) break;
      if (now >= end + std::chrono::seconds(30)) break;  // answers still missing count as failures

      // Sleep until the next request is due (to the microsecond: a client that spins would take
      // a core from the server it measures).
      Clock::duration wait = std::chrono::milliseconds(100);
      if (open_loop && now < end) {
        const auto due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(next));
        wait = std::clamp<Clock::duration>(due - now, Clock::duration::zero(), std::chrono::milliseconds(100));
      }
      poll(wait);
    }
  }

  void summary() const {
    std::vector<double> latencies;
    std::map<int, std::size_t> statuses;
    std::size_t unanswered = 0;
    Clock::time_point last_done = start_;
    for (const auto& r : results_) {
      if (r.status < 0) {
        ++unanswered;
        continue;
      }
      ++statuses[r.status];
      last_done = std::max(last_done, r.done);
      // Latencies are those of accepted requests: a fast refusal or a broken connection is not
      // service, and shows in the status counts instead.
      if (r.status >= 200 && r.status < 300) {
        latencies.push_back(std::chrono::duration<double, std::milli>(r.done - r.intended).count());
      }
    }
    std::sort(latencies.begin(), latencies.end());
    // Nearest rank, in integers (p in tenths of a percent) so 99.9 % of 1,000 is the 999th value.
    auto pct = [&](double p) {
      if (latencies.empty()) return 0.0;
      const auto tenths = static_cast<std::size_t>(std::lround(p * 10));
      const std::size_t rank = (latencies.size() * tenths + 999) / 1000;
      return latencies[std::clamp<std::size_t>(rank, 1, latencies.size()) - 1];
    };
    const double seconds = std::chrono::duration<double>(last_done - start_).count();
    std::size_t ok = 0;
    for (const auto& [status, count] : statuses) {
      if (status >= 200 && status < 300) ok += count;
    }
    std::printf(
        "{\"requests\":%zu,\"ok\":%zu,\"unanswered\":%zu,\"seconds\":%.3f,\"rate\":%.1f,\"targetRate\":%.1f,"
        "\"connections\":%d,\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,\"statuses\":{",
        results_.size(), ok, unanswered, seconds, seconds > 0 ? static_cast<double>(ok) / seconds : 0.0, args_.rate,
        args_.connections, pct(50), pct(90), pct(99), pct(99.9), latencies.empty() ? 0.0 : latencies.back());
    bool first = true;
    for (const auto& [status, count] : statuses) {
      std::printf("%s\"%d\":%zu", first ? "" : ",", status, count);
      first = false;
    }
    std::printf("}}\n");
    if (!args_.out.empty()) {
      std::ofstream out(args_.out);
      for (std::size_t i = 0; i < results_.size(); ++i) {
        const auto wall = wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                            results_[i].intended - start_);
        out << args_.run << '-' << i << ','
            << std::chrono::duration_cast<std::chrono::nanoseconds>(wall.time_since_epoch()).count() << ','
            << results_[i].status << '\n';
      }
    }
  }

 private:
  std::size_t pop_waiting() {
    const auto i = waiting_.front();
    waiting_.pop_front();
    return i;
  }

  std::size_t in_flight() const {
    std::size_t n = 0;
    for (const auto& c : connections_) n += c.busy ? 1 : 0;
    return n;
  }

  void open(Connection& c) {
    c = Connection{};
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(args_.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(c.fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    event.data.ptr = &c;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event);
  }

  void fail(Connection& c) {
    if (c.busy) finish(c, 0);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    ++reconnects_;
    open(c);
  }

  void send(Connection& c, std::size_t request) {
    c.busy = true;
    c.request = request;
    std::string body;
    std::string method = "GET";
    if (args_.path == "/order") {
      method = "POST";
      body = R"({"id":")" + args_.run + "-" + std::to_string(request) + R"(","user_id":"user-)" +
             std::to_string(request % 1000) + R"(","total":149.99,"status":"pending","timestamp":")" + now_rfc3339() +
             R"("})";
    }
    c.out = method + " " + args_.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!args_.api_key.empty()) c.out += "Authorization: Bearer " + args_.api_key + "\r\n";
    if (!body.empty())
      c.out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    c.out += "\r\n" + body;
    c.written = 0;
    flush(c);
  }

  void flush(Connection& c) {
    while (c.written < c.out.size()) {
      const auto n = ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno != EAGAIN) return fail(c);
        watch(c, EPOLLIN | EPOLLRDHUP | EPOLLOUT);  // the rest goes when the socket can take it
        return;
      }
      c.written += static_cast<std::size_t>(n);
    }
    watch(c, EPOLLIN | EPOLLRDHUP);
  }

  void watch(Connection& c, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.ptr = &c;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
  }

  void finish(Connection& c, int status) {
    results_[c.request].done = Clock::now();
    results_[c.request].status = status;
    c.busy = false;
    if (status == 0) ++failures_;
  }

  // Takes every complete response off the connection's input.
  bool read_responses(Connection& c) {
    for (;;) {
      const auto head_end = c.in.find("\r\n\r\n");
      if (head_end == std::string::npos) return true;
      if (c.in.compare(0, 9, "HTTP/1.1 ") != 0 || !c.busy) return false;
      const int status = std::atoi(c.in.c_str() + 9);
      std::size_t length = 0;
      const auto header = c.in.find("\r\nContent-Length:");
      const auto header_lower = c.in.find("\r\ncontent-length:");
      const auto at = std::min(header, header_lower);
      if (at != std::string::npos && at < head_end) length = std::strtoul(c.in.c_str() + at + 17, nullptr, 10);
      if (c.in.size() < head_end + 4 + length) return true;
      const bool closing = c.in.substr(0, head_end).find("Connection: close") != std::string::npos;
      c.in.erase(0, head_end + 4 + length);
      finish(c, status);
      if (closing) return false;
    }
  }

  void poll(Clock::duration timeout) {
    epoll_event events[256];
    const auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count();
    const timespec wait{static_cast<time_t>(nanoseconds / 1'000'000'000),
                        static_cast<long>(nanoseconds % 1'000'000'000)};
    const int n = epoll_pwait2(epoll_, events, 256, &wait, nullptr);
    for (int i = 0; i < n; ++i) {
      auto& c = *static_cast<Connection*>(events[i].data.ptr);
      if (events[i].events & (EPOLLERR | EPOLLHUP)) {
        fail(c);
        continue;
      }
      if (events[i].events & EPOLLOUT) {
        if (!c.connected) {
          c.connected = true;
          watch(c, EPOLLIN | EPOLLRDHUP);
        }
        if (c.busy) flush(c);
      }
      if (events[i].events & (EPOLLIN | EPOLLRDHUP)) {
        char buffer[65536];
        bool open_still = true;
        for (;;) {
          const auto got = ::recv(c.fd, buffer, sizeof buffer, 0);
          if (got > 0) {
            c.in.append(buffer, static_cast<std::size_t>(got));
            continue;
          }
          if (got == 0 || errno != EAGAIN) open_still = false;
          break;
        }
        if (!read_responses(c) || !open_still) fail(c);
      }
    }
  }

  void progress(Clock::duration elapsed) {
    std::size_t done = 0, ok = 0;
    for (const auto& r : results_) {
      if (r.status >= 0) ++done;
      if (r.status >= 200 && r.status < 300) ++ok;
    }
    const double seconds = std::chrono::duration<double>(elapsed).count();
    std::fprintf(stderr, "  %5.0fs  %8zu answered  %8.0f/s  %6zu waiting in client  %zu failed  %zu not 2xx\n", seconds,
                 done, static_cast<double>(done - last_done_), waiting_.size(), failures_, done - ok);
    last_done_ = done;
  }

  Arguments args_;
  int epoll_;
  std::vector<Connection> connections_;
  std::deque<std::size_t> waiting_;
  std::vector<Result> results_;
  Clock::time_point start_;
  std::chrono::system_clock::time_point wall_start_;
  std::size_t failures_ = 0, reconnects_ = 0, last_done_ = 0;
};

}  // namespace

int main(int argc, char** argv) try {
  const Arguments args = parse(argc, argv);
  Load load(args);
  load.run();
  load.summary();
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "orderflow-bench-load: %s\n", e.what());
  return 2;
}
