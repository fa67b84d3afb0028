#!/usr/bin/env bash
# Installs everything orderflow needs on Debian 12 and does nothing for what is already there:
# the Debian packages in lib.sh, and the Apache Kafka broker from Maven Central into a cache
# outside the repository ($ORDERFLOW_CACHE_DIR, default ~/.cache/orderflow).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for package in "${ORDERFLOW_APT_PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
for package in "${ORDERFLOW_OPTIONAL_APT_PACKAGES[@]}"; do
  if ! installed "$package" && ! command -v "$package" > /dev/null \
     && apt-cache policy "$package" 2>/dev/null | grep -q "Candidate: [0-9]"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  # Packaged servers must not start themselves: orderflow runs its own instances on its own ports.
  policy_rc="/usr/sbin/policy-rc.d"
  created_policy=0
  if [ ! -e "$policy_rc" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy_rc" > /dev/null
    "${sudo_cmd[@]}" chmod 755 "$policy_rc"
    created_policy=1
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
  [ "$created_policy" = 1 ] && "${sudo_cmd[@]}" rm -f "$policy_rc"
fi

kafka_libs="$(kafka_libs_dir)"
if [ -z "$(ls "$kafka_libs" 2>/dev/null)" ]; then
  log "fetching Apache Kafka $ORDERFLOW_KAFKA_VERSION from Maven Central into $kafka_libs"
  mkdir -p "$kafka_libs.partial"
  mvn -q -B -f "$here/kafka/pom.xml" -Dkafka.version="$ORDERFLOW_KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$kafka_libs.partial"
  rm -rf "$kafka_libs"
  mv "$kafka_libs.partial" "$kafka_libs"
fi
