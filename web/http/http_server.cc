#include "web/http/http_server.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace monjo::web {

using Clock = std::chrono::steady_clock;

const char* HttpStats::state_name(int s) {
  static const char* const kNames[kStates] = {"idle", "head", "body", "queued", "writing", "lingering"};
  return s >= 0 && s < kStates ? kNames[s] : "?";
}

void HttpStats::count_refusal(int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++refusals_[status];
}

std::map<int, uint64_t> HttpStats::refusals() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refusals_;
}

std::string serialize_answer(const HttpAnswer& answer, bool keep_alive, bool http10) {
  std::string out;
  out.reserve(256 + (answer.send_body ? answer.body.size() : 0));
  out += "HTTP/1.1 ";
  out += std::to_string(answer.status);
  out += ' ';
  out += reason_phrase(answer.status);
  out += "\r\nDate: ";
  out += Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT);
  out += "\r\nServer: monjo\r\n";
  for (const auto& [name, value] : answer.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(answer.body.size());
  out += "\r\n";
  if (!keep_alive) {
    out += "Connection: close\r\n";
  } else if (http10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (answer.send_body) out += answer.body;
  return out;
}

namespace {

constexpr uint64_t kListenId = 0;
constexpr uint64_t kWakeId = 1;
constexpr size_t kReadChunk = 16 * 1024;
constexpr auto kSweepEvery = std::chrono::milliseconds(100);

// A short plain answer sent without a worker (refusals at accept, overload).
std::string canned(int status, const std::string& text) {
  HttpAnswer a;
  a.status = status;
  a.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  if (status == 503) a.headers.emplace_back("Retry-After", "5");
  a.body = text + "\n";
  return serialize_answer(a, false, false);
}

std::string address_of(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof buf);
  } else if (ss.ss_family == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a6)) {
      inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof buf);
    } else {
      inet_ntop(AF_INET6, &a6, buf, sizeof buf);
    }
  }
  return buf;
}

}  // namespace

struct HttpServer::Impl {
  using State = HttpStats::State;

  struct Conn {
    uint64_t id = 0;
    int fd = -1;
    std::string peer;
    bool exempt = false;
    State state = State::Idle;
    std::string in;
    size_t scan = 0;  // where the search for the head's end resumes
    Clock::time_point deadline;
    RequestHead head;
    std::string out;
    size_t out_offset = 0;
    bool close_after = false;
    bool peer_closed = false;  // read() saw the end of the client's half
    int requests = 0;
    uint32_t events = 0;  // what epoll watches for
    Clock::time_point since;  // when it entered its state (eviction picks the oldest)
  };

  struct Job {
    uint64_t id = 0;
    HttpExchange exchange;
    bool may_keep_alive = true;
  };
  struct Done {
    uint64_t id = 0;
    std::string bytes;
    bool close = false;
  };

  int listen_fd = -1;
  HttpLimits limits;
  Handler handler;
  Refusal refusal;
  Exempt exempt;
  HttpStats stats;

  int epoll_fd = -1;
  int wake_fd = -1;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stop_sent{false};

  // The connection thread's own.
  std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns;
  std::unordered_map<std::string, int> per_address;
  uint64_t next_id = 2;
  bool listening = true;
  Clock::time_point accept_paused_until{};

  // Shared with the workers.
  std::mutex jobs_mutex;
  std::condition_variable jobs_cv;
  std::deque<Job> jobs;
  bool workers_stop = false;
  std::mutex done_mutex;
  std::vector<Done> done;
  std::vector<std::thread> workers;

  Impl(int fd, HttpLimits l, Handler h, Refusal r, Exempt e)
      : listen_fd(fd), limits(std::move(l)), handler(std::move(h)), refusal(std::move(r)), exempt(std::move(e)) {
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd < 0 || wake_fd < 0) throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));
    const int flags = fcntl(listen_fd, F_GETFL, 0);
    fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK);
    watch(listen_fd, kListenId, EPOLLIN, EPOLL_CTL_ADD);
    watch(wake_fd, kWakeId, EPOLLIN, EPOLL_CTL_ADD);
  }

  ~Impl() {
    for (auto& [id, c] : conns) ::close(c->fd);
    if (listen_fd >= 0) ::close(listen_fd);
    if (wake_fd >= 0) ::close(wake_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  void watch(int fd, uint64_t id, uint32_t events, int op) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = id;
    epoll_ctl(epoll_fd, op, fd, &ev);
  }

  void interest(Conn& c, uint32_t events) {
    if (c.events == events) return;
    c.events = events;
    watch(c.fd, c.id, events, EPOLL_CTL_MOD);
  }

  void set_state(Conn& c, State s, Clock::time_point now) {
    if (c.state != s) {
      --stats.connections[c.state];
      ++stats.connections[s];
      c.state = s;
    }
    c.since = now;
  }

  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd, &one, sizeof one);
  }

  // --- connections -----------------------------------------------------------------

  void close_conn(uint64_t id) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    Conn& c = *it->second;
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    --stats.connections[c.state];
    if (!c.exempt) {
      auto a = per_address.find(c.peer);
      if (a != per_address.end() && --a->second <= 0) per_address.erase(a);
    }
    conns.erase(it);
  }

  // Closes the idle or incomplete connection that has waited longest (idle ones
  // first), to make room for a new one. False if every connection is busy.
  bool evict_one() {
    Conn* best = nullptr;
    for (auto& [id, c] : conns) {
      if (c->state != State::Idle && c->state != State::Head && c->state != State::Body) continue;
      if (!best) {
        best = c.get();
        continue;
      }
      const bool c_idle = c->state == State::Idle, b_idle = best->state == State::Idle;
      if ((c_idle && !b_idle) || (c_idle == b_idle && c->since < best->since)) best = c.get();
    }
    if (!best) return false;
    ++stats.evicted;
    close_conn(best->id);
    return true;
  }

  void accept_all(Clock::time_point now) {
    for (;;) {
      sockaddr_storage ss{};
      socklen_t len = sizeof ss;
      const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: make room and stop accepting for a moment (the
          // listening socket would otherwise stay readable and spin the loop).
          evict_one();
          accept_paused_until = now + std::chrono::milliseconds(100);
          watch(listen_fd, kListenId, 0, EPOLL_CTL_MOD);
        }
        return;
      }
      ++stats.accepted;
      std::string peer = address_of(ss);
      const bool is_exempt = exempt && exempt(peer);
      if (!is_exempt) {
        auto it = per_address.find(peer);
        if (it != per_address.end() && it->second >= limits.max_per_address) {
          ++stats.refused_per_address;
          const std::string kBusy = canned(503, "Too many connections from your address.");
          [[maybe_unused]] const auto n = send(fd, kBusy.data(), kBusy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
          ::close(fd);
          continue;
        }
      }
      if (static_cast<int>(conns.size()) >= limits.max_connections && !evict_one()) {
        ++stats.refused_full;
        const std::string kFull = canned(503, "The server is busy. Please try again shortly.");
        [[maybe_unused]] const auto n = send(fd, kFull.data(), kFull.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(fd);
        continue;
      }
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto c = std::make_unique<Conn>();
      c->id = next_id++;
      c->fd = fd;
      c->peer = std::move(peer);
      c->exempt = is_exempt;
      c->state = State::Idle;
      c->since = now;
      c->deadline = now + limits.header_timeout;  // the first request: a head within this
      c->events = EPOLLIN;
      ++stats.connections[State::Idle];
      if (!is_exempt) ++per_address[c->peer];
      watch(fd, c->id, EPOLLIN, EPOLL_CTL_ADD);
      conns.emplace(c->id, std::move(c));
    }
  }

  // --- reading -----------------------------------------------------------------------

  void on_readable(Conn& c, Clock::time_point now) {
    if (c.state == State::Lingering) {
      char sink[kReadChunk];
      for (;;) {
        const ssize_t n = ::read(c.fd, sink, sizeof sink);
        if (n > 0) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n < 0 && errno == EINTR) continue;
        close_conn(c.id);
        return;
      }
    }
    if (c.state != State::Idle && c.state != State::Head && c.state != State::Body) return;
    // Never buffer more than one request's worth ahead.
    const size_t body_room = c.state == State::Body
                                 ? std::max(limits.max_body_bytes, static_cast<size_t>(c.head.content_length))
                                 : limits.max_body_bytes;
    const size_t cap = limits.max_head_bytes + body_room + kReadChunk;
    char buf[kReadChunk];
    while (c.in.size() < cap) {
      const ssize_t n = ::read(c.fd, buf, sizeof buf);
      if (n > 0) {
        c.in.append(buf, static_cast<size_t>(n));
        if (static_cast<size_t>(n) < sizeof buf) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n == 0) {
        c.peer_closed = true;
        break;
      }
      close_conn(c.id);  // reset or another error
      return;
    }
    advance(c, now);
  }

  // Moves a connection on with what it has received: head, body, then a worker.
  void advance(Conn& c, Clock::time_point now) {
    if (c.state == State::Idle || c.state == State::Head) {
      // Empty lines before a request line are ignored (RFC 9112 §2.2).
      size_t skip = 0;
      while (skip < c.in.size() && (c.in[skip] == '\r' || c.in[skip] == '\n')) ++skip;
      if (skip > 0) {
        c.in.erase(0, skip);
        c.scan = 0;
      }
      if (c.state == State::Idle) {
        if (c.in.empty()) {
          if (c.peer_closed) close_conn(c.id);
          return;
        }
        // A keep-alive connection's next request has begun: its head has this long.
        if (c.requests > 0) c.deadline = now + limits.header_timeout;
        set_state(c, State::Head, now);
      }
      const size_t end = find_head_end(c.in, c.scan);
      if (end == std::string::npos ? c.in.size() > limits.max_head_bytes : end > limits.max_head_bytes) {
        const size_t first_line = c.in.find('\n');
        if (first_line == std::string::npos || first_line >= limits.max_head_bytes) {
          refuse(c, 414, nullptr, "the request line is too long", now);
        } else {
          refuse(c, 431, nullptr, "the head is too large", now);
        }
        return;
      }
      if (end == std::string::npos) {
        if (c.peer_closed) {
          refuse(c, 400, nullptr, "the connection was closed inside the head", now);
        } else {
          c.scan = c.in.size();
        }
        return;
      }
      const size_t text_length = c.in[end - 2] == '\r' ? end - 2 : end - 1;
      HeadParse parsed = parse_request_head(std::string_view(c.in).substr(0, text_length), limits.max_fields);
      if (!parsed.head) {
        refuse(c, parsed.problem.status, nullptr, parsed.problem.what, now);
        return;
      }
      c.head = std::move(*parsed.head);
      c.in.erase(0, end);
      c.scan = 0;
      if (c.head.chunked) {
        refuse(c, 411, &c.head, "a chunked body (send Content-Length)", now);
        return;
      }
      size_t body_limit = limits.max_body_bytes;
      if (limits.upload_limit) body_limit = std::max(body_limit, limits.upload_limit(c.head));
      if (c.head.content_length > body_limit) {
        refuse(c, 413, &c.head, "the body is larger than allowed", now);
        return;
      }
      if (c.head.content_length == 0) {
        dispatch(c, std::string(), now);
        return;
      }
      if (c.head.expect_continue && c.in.empty()) {
        static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        [[maybe_unused]] const auto n = send(c.fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      set_state(c, State::Body, now);
      c.deadline = now + (c.head.content_length > limits.max_body_bytes ? limits.upload_timeout : limits.body_timeout);
    }
    if (c.state == State::Body) {
      const size_t need = static_cast<size_t>(c.head.content_length);
      if (c.in.size() >= need) {
        std::string body = c.in.substr(0, need);
        c.in.erase(0, need);
        dispatch(c, std::move(body), now);
      } else if (c.peer_closed) {
        refuse(c, 400, &c.head, "the body is shorter than its Content-Length", now);
      }
    }
  }

  void dispatch(Conn& c, std::string body, Clock::time_point now) {
    if (stopping) {
      refuse(c, 503, &c.head, "the server is stopping", now);
      return;
    }
    Job job;
    job.id = c.id;
    job.exchange.head = std::move(c.head);
    job.exchange.body = std::move(body);
    job.exchange.peer = c.peer;
    job.exchange.received = now;
    ++c.requests;
    job.may_keep_alive = c.requests < limits.max_requests_per_connection && !c.peer_closed;
    // Queued before a worker can see it (the worker may answer before we go on).
    set_state(c, State::Queued, now);
    interest(c, 0);  // nothing is read while the worker has it (errors still wake us)
    bool queued = false;
    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      if (jobs.size() < limits.max_queued) {
        jobs.push_back(std::move(job));
        ++stats.queued;
        queued = true;
      }
    }
    if (!queued) {
      ++stats.queue_full;
      c.head = std::move(job.exchange.head);
      refuse(c, 503, &c.head, "too many requests are waiting", now, /*count=*/false);
      return;
    }
    jobs_cv.notify_one();
  }

  // Answers a request the workers never see and closes the connection.
  void refuse(Conn& c, int status, const RequestHead* head, const std::string& what, Clock::time_point now,
              bool count = true) {
    if (count) stats.count_refusal(status);
    HttpAnswer answer;
    try {
      answer = refusal ? refusal(status, head, what, c.peer) : HttpAnswer{};
      answer.status = status;
    } catch (...) {
      answer = HttpAnswer{};
      answer.status = status;
      answer.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
      answer.body = std::to_string(status) + " " + reason_phrase(status) + "\n";
    }
    if (head && head->method == "HEAD") answer.send_body = false;
    start_write(c, serialize_answer(answer, false, false), true, now);
  }

  // --- writing -----------------------------------------------------------------------

  void start_write(Conn& c, std::string bytes, bool close_after, Clock::time_point now) {
    c.out = std::move(bytes);
    c.out_offset = 0;
    c.close_after = close_after || stopping;
    set_state(c, State::Writing, now);
    c.deadline = now + limits.write_timeout;
    try_write(c, now);
  }

  void try_write(Conn& c, Clock::time_point now) {
    while (c.out_offset < c.out.size()) {
      const ssize_t n = send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_offset += static_cast<size_t>(n);
        c.deadline = now + limits.write_timeout;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        interest(c, EPOLLOUT);
        return;
      }
      close_conn(c.id);
      return;
    }
    std::string().swap(c.out);
    c.out_offset = 0;
    if (c.close_after) {
      if (c.peer_closed) {
        close_conn(c.id);
        return;
      }
      // Tell the client we are done, and read what it still sends until it closes
      // too, so its unread bytes do not turn our close into a reset that loses the answer.
      shutdown(c.fd, SHUT_WR);
      set_state(c, State::Lingering, now);
      c.deadline = now + limits.linger_timeout;
      c.in.clear();
      interest(c, EPOLLIN);
      return;
    }
    set_state(c, State::Idle, now);
    c.deadline = now + limits.idle_timeout;
    interest(c, EPOLLIN);
    advance(c, now);  // a pipelined request may be waiting in the buffer
  }

  void take_done(Clock::time_point now) {
    std::vector<Done> ready;
    {
      std::lock_guard<std::mutex> lock(done_mutex);
      ready.swap(done);
    }
    for (auto& d : ready) {
      auto it = conns.find(d.id);
      if (it == conns.end() || it->second->state != State::Queued) continue;  // the client left
      start_write(*it->second, std::move(d.bytes), d.close, now);
    }
  }

  // --- time ----------------------------------------------------------------------------

  void sweep(Clock::time_point now) {
    std::vector<std::pair<uint64_t, State>> expired;
    for (auto& [id, c] : conns) {
      if (c->state != State::Queued && now >= c->deadline) expired.emplace_back(id, c->state);
    }
    for (const auto& [id, state] : expired) {
      auto it = conns.find(id);
      if (it == conns.end()) continue;
      Conn& c = *it->second;
      switch (state) {
        case State::Idle:
          if (c.requests > 0) {
            ++stats.timeout_idle;
          } else {
            ++stats.timeout_header;
          }
          close_conn(id);
          break;
        case State::Head:
          ++stats.timeout_header;
          refuse(c, 408, nullptr, "the head did not arrive in time", now);
          break;
        case State::Body:
          ++stats.timeout_body;
          refuse(c, 400, &c.head, "the body is shorter than its Content-Length (it did not arrive in time)", now);
          break;
        case State::Writing:
          ++stats.timeout_write;
          close_conn(id);
          break;
        default:
          close_conn(id);
          break;
      }
    }
    if (listening && !stopping && accept_paused_until != Clock::time_point{} && now >= accept_paused_until) {
      accept_paused_until = {};
      watch(listen_fd, kListenId, EPOLLIN, EPOLL_CTL_MOD);
    }
  }

  // --- workers -------------------------------------------------------------------------

  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(jobs_mutex);
        jobs_cv.wait(lock, [this] { return workers_stop || !jobs.empty(); });
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
        --stats.queued;
      }
      ++stats.busy;
      HttpAnswer answer;
      try {
        answer = handler(job.exchange);
      } catch (...) {
        answer = HttpAnswer{};
        answer.status = 500;
        answer.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
        answer.body = "500 Internal Server Error\n";
      }
      if (job.exchange.head.method == "HEAD") answer.send_body = false;
      const bool keep_alive = job.may_keep_alive && job.exchange.head.keep_alive && !answer.close && !stopping;
      Done d;
      d.id = job.id;
      try {
        d.bytes = serialize_answer(answer, keep_alive, job.exchange.head.minor_version == 0);
      } catch (...) {
        d.bytes = canned(500, "500 Internal Server Error");
      }
      d.close = !keep_alive;
      --stats.busy;
      {
        std::lock_guard<std::mutex> lock(done_mutex);
        done.push_back(std::move(d));
      }
      wake();
    }
  }

  // --- the loop ------------------------------------------------------------------------

  void begin_stop(Clock::time_point now) {
    if (listening) {
      epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
      ::close(listen_fd);
      listen_fd = -1;
      listening = false;
    }
    std::vector<uint64_t> idle;
    for (auto& [id, c] : conns) {
      if (c->state == State::Idle || c->state == State::Head || c->state == State::Body) idle.push_back(id);
    }
    for (const auto id : idle) close_conn(id);
    (void)now;
  }

  void run() {
    for (int i = 0; i < std::max(1, limits.workers); ++i) workers.emplace_back([this] { work(); });
    epoll_event events[256];
    Clock::time_point last_sweep = Clock::now();
    Clock::time_point drain_deadline{};
    for (;;) {
      const int n = epoll_wait(epoll_fd, events, 256, static_cast<int>(kSweepEvery.count()));
      const auto now = Clock::now();
      for (int i = 0; i < n; ++i) {
        const uint64_t id = events[i].data.u64;
        const uint32_t ev = events[i].events;
        if (id == kListenId) {
          if (listening) accept_all(now);
          continue;
        }
        if (id == kWakeId) {
          uint64_t count = 0;
          [[maybe_unused]] const auto r = ::read(wake_fd, &count, sizeof count);
          continue;
        }
        auto it = conns.find(id);
        if (it == conns.end()) continue;
        Conn& c = *it->second;
        if (ev & EPOLLERR) {
          close_conn(id);
          continue;
        }
        if ((ev & EPOLLHUP) && !(ev & EPOLLIN)) {
          close_conn(id);  // both halves closed (or reset) with nothing left to read
          continue;
        }
        if (ev & EPOLLOUT) {
          if (c.state == State::Writing) try_write(c, now);
          continue;
        }
        if (ev & EPOLLIN) on_readable(c, now);
      }
      take_done(now);
      if (now - last_sweep >= kSweepEvery) {
        sweep(now);
        last_sweep = now;
      }
      if (stopping) {
        if (drain_deadline == Clock::time_point{}) {
          drain_deadline = now + limits.drain_timeout;
          begin_stop(now);
        }
        // Connections that came back to idle after their answer are closed too.
        begin_stop(now);
        if (conns.empty() || now >= drain_deadline) break;
      }
    }
    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      workers_stop = true;
      jobs.clear();
    }
    jobs_cv.notify_all();
    for (auto& t : workers) t.join();
    workers.clear();
    std::vector<uint64_t> rest;
    for (auto& [id, c] : conns) rest.push_back(id);
    for (const auto id : rest) close_conn(id);
  }
};

HttpServer::HttpServer(int listen_fd, HttpLimits limits, Handler handler, Refusal refusal, Exempt exempt)
    : impl_(std::make_unique<Impl>(listen_fd, std::move(limits), std::move(handler), std::move(refusal),
                                   std::move(exempt))) {}

HttpServer::~HttpServer() = default;

void HttpServer::run() { impl_->run(); }

void HttpServer::stop() {
  impl_->stopping = true;
  impl_->wake();
}

const HttpStats& HttpServer::stats() const { return impl_->stats; }
const HttpLimits& HttpServer::limits() const { return impl_->limits; }

}  // namespace monjo::web
