#!/usr/bin/env bash
# The project's test command (README.md): builds the solution, runs every test project, then the inference
# benchmark in --quick mode as a smoke test (tiny generated model, a few seconds; its ratios are printed, not
# enforced, because shared CI machines are noisy). Tests that need something this machine cannot run (a GPU,
# an Elasticsearch server, PostgreSQL) are reported as skipped. The Kafka tests start their own throw-away brokers
# (scripts/kafka-test-broker.sh) from the copy installed here once, which needs Java and npm.
set -euo pipefail
cd "$(dirname "$0")"
if command -v java >/dev/null && command -v npm >/dev/null; then
  scripts/kafka-test-broker.sh install
else
  echo "test.sh: Java or npm missing, so no Kafka test broker; the Kafka tests will be skipped" >&2
fi
if ! command -v chromium >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing Debian's chromium for the browser tests (apt-get)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
      || echo "test.sh: chromium could not be installed; the browser tests will be skipped" >&2
  else
    echo "test.sh: chromium is missing and cannot be installed here (needs root and apt-get); the browser tests will be skipped" >&2
  fi
fi
# The clustered Quartz tests start a throw-away PostgreSQL cluster from the installed server binaries
# (or use POSTGRES_CONNECTION_STRING).
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing Debian's postgresql for the clustered scheduling tests (apt-get)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
      || echo "test.sh: postgresql could not be installed; the PostgreSQL tests will be skipped" >&2
  else
    echo "test.sh: PostgreSQL's initdb is missing and cannot be installed here (needs root and apt-get); the PostgreSQL tests will be skipped" >&2
  fi
fi
dotnet build Llama3Siem.sln -c Release -warnaserror --nologo -v minimal
dotnet test Llama3Siem.sln -c Release --no-build --nologo -v minimal "$@"
dotnet run -c Release --no-build --project tests/Llama3Siem.Benchmarks -- --quick
