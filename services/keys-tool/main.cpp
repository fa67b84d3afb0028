// orderflow-keys: issue, list and revoke the API keys clients authenticate with.
//
//   orderflow-keys create NAME [--types T1,T2 | --types '*'] [--rate PER_SECOND --burst N]
//   orderflow-keys list
//   orderflow-keys revoke NAME
//
// `create` prints the key on stdout, once: only its SHA-256 is stored, so a lost key is revoked
// and issued again. Gateways pick up created and revoked keys within API_KEYS_REFRESH_MS, with no
// restart. The keys live in PostgreSQL, reached through DATABASE_URL (or DATABASE_URL_FILE).
#include <cstdio>
#include <iostream>

#include "orderflow/auth/key_store.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/settings.h"
#include "orderflow/events/event_type.h"
#include "orderflow/postgres/migrations.h"
#include "orderflow/storage/schema.h"
#include "orderflow/storage/settings.h"

using namespace orderflow;

namespace {

int usage() {
  std::cerr << "usage: orderflow-keys create NAME [--types T1,T2|'*'] [--rate PER_SECOND --burst N]\n"
               "       orderflow-keys list\n"
               "       orderflow-keys revoke NAME\n";
  return 2;
}

// The event types named, each one orderflow knows, or "*".
std::vector<std::string> checked_types(const std::string& text) {
  auto types = auth::split_event_types(text);
  for (const auto& type : types) {
    if (type != "*" && !events::find_event_type(type)) {
      std::string known;
      for (const auto* t : events::event_types()) known += (known.empty() ? "" : ", ") + std::string(t->name);
      throw std::invalid_argument("unknown event type '" + type + "' (known: " + known + ", or *)");
    }
  }
  return types;
}

std::string describe_limit(const std::optional<auth::RateLimit>& limit) {
  if (!limit) return "default";
  char text[64];
  std::snprintf(text, sizeof text, "%g/s burst %g", limit->per_second, limit->burst);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string command = argv[1];
  std::string name, types = "*", rate, burst;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--types") {
      types = value();
    } else if (arg == "--rate") {
      rate = value();
    } else if (arg == "--burst") {
      burst = value();
    } else if (arg == "--help" || arg == "-h") {
      return usage();
    } else if (name.empty() && arg.rfind("--", 0) != 0) {
      name = arg;
    } else {
      return usage();
    }
  }
  char* no_arguments[] = {argv[0], nullptr};
  log::init("keys", log::Level::kWarn);  // migrations applied are not news here
  Settings settings("keys", 1, no_arguments);
  const std::string database_url = storage::read_database_url(settings);
  settings.finish();

  try {
    postgres::ConnectionPool pool(database_url, 1);
    {
      auto connection = pool.acquire();
      postgres::migrate(*connection, storage::migrations());
    }
    auth::ApiKeyStore store(pool);
    if (command == "create" && !name.empty()) {
      auth::Client client{name, checked_types(types), std::nullopt};
      if (!rate.empty() || !burst.empty()) {
        if (rate.empty() || burst.empty()) throw std::invalid_argument("--rate and --burst go together");
        client.rate_limit = auth::RateLimit{std::stod(rate), std::stod(burst)};
      }
      const auto key = store.create(client);
      std::cerr << "created key " << key.prefix << "... for '" << name << "' (event types "
                << auth::join_event_types(client.event_types) << ", rate limit " << describe_limit(client.rate_limit)
                << "); it is shown only now:\n";
      std::cout << key.secret << "\n";
      return 0;
    }
    if (command == "revoke" && !name.empty()) {
      if (!store.revoke(name)) {
        std::cerr << "no active key named '" << name << "'\n";
        return 1;
      }
      std::cerr << "revoked the key of '" << name << "'\n";
      return 0;
    }
    if (command == "list" && name.empty()) {
      std::printf("%-24s %-12s %-20s %-10s %-22s %s\n", "NAME", "KEY", "CREATED", "STATE", "RATE LIMIT", "EVENT TYPES");
      for (const auto& key : store.list()) {
        std::printf("%-24s %-12s %-20s %-10s %-22s %s\n", key.client.name.c_str(), (key.prefix + "...").c_str(),
                    key.created_at.c_str(), key.revoked_at ? "revoked" : "active",
                    describe_limit(key.client.rate_limit).c_str(),
                    auth::join_event_types(key.client.event_types).c_str());
      }
      return 0;
    }
    return usage();
  } catch (const std::exception& e) {
    std::cerr << "orderflow-keys: " << e.what() << "\n";
    return 1;
  }
}
