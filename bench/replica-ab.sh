#!/usr/bin/env bash
# Report replica figures (issue 19; docs/benchmarks.md "Round two: report replica"). Needs a primary and a streaming
# replica of it (as .ci/run starts them) and the built web host and load client (dotnet build src/Jingzhun.Web and
# bench/Jingzhun.Bench.Load; CONFIG=Release for a Release build).
#  1. Seeds the demo (HOUSEHOLDS, default 20,000) into a fresh database on the primary through the web host's first start,
#     sampling the replica's lag every second from pg_stat_replication: the largest replay_lag and bytes behind.
#  2. Starts two hosts on that database, one reading reports from the primary and one from the replica, and alternates
#     short load runs of GET /api/stats/{county} between them (same window, 4 rounds): requests/s and p50 of each.
# Usage: PRIMARY="Host=127.0.0.1;Port=55432;Username=postgres" REPLICA="Host=127.0.0.1;Port=55433;Username=postgres" bench/replica-ab.sh
set -uo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-Debug}
HOUSEHOLDS=${HOUSEHOLDS:-20000}
WEB=src/Jingzhun.Web/bin/$CONFIG/net10.0/Jingzhun.Web.dll
LOAD=bench/Jingzhun.Bench.Load/bin/$CONFIG/net10.0/jingzhun-load.dll
NAME=jz_replica_bench
DB="$PRIMARY;Database=$NAME"
REP="$REPLICA;Database=$NAME"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/jingzhun-replica-bench.XXXXXX")
export DOTNET_hostBuilder__reloadConfigOnChange=false DOTNET_USE_POLLING_FILE_WATCHER=true Logging__LogLevel__Default=Warning
PSQL_PRIMARY=$(echo "$PRIMARY" | sed 's/Host=/host=/;s/Port=/port=/;s/Username=/user=/;s/Password=/password=/;s/;/ /g')

up() { for i in $(seq 1 900); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 1; done; return 1; }
cookie() { # signs in as county on a port; prints the Cookie header
  local jar=$OUT/jar$1 token; rm -f "$jar"
  token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "userName=county" --data-urlencode "password=demo2025" \
    --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$1/account/login"
  awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7} /^#HttpOnly_/ {printf "%s=%s; ", $6, $7}' "$jar"
}

psql "$PSQL_PRIMARY" -qAtc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"
( while sleep 1; do psql "$PSQL_PRIMARY" -Atc "select coalesce(extract(epoch from replay_lag),0), pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) from pg_stat_replication" 2>/dev/null; done ) > "$OUT/lag.txt" &
SAMPLER=$!
T0=$(date +%s)
dotnet $WEB --db "$DB" --urls http://127.0.0.1:5591 --demo-households "$HOUSEHOLDS" --demo-history false --rate-limit-sign-in 10000 > "$OUT/a.log" 2>&1 & A=$!
up 5591 || { echo "host did not start: $OUT/a.log"; kill $SAMPLER $A; exit 1; }
T1=$(date +%s); kill $SAMPLER
echo "seeded $HOUSEHOLDS households in $((T1 - T0)) s; largest replay_lag $(cut -d'|' -f1 "$OUT/lag.txt" | sort -g | tail -1) s, largest bytes behind $(cut -d'|' -f2 "$OUT/lag.txt" | sort -g | tail -1) ($(wc -l < "$OUT/lag.txt") samples)"
dotnet $WEB --db "$DB" --reports-db "$REP" --urls http://127.0.0.1:5592 --demo-history false --rate-limit-sign-in 10000 > "$OUT/b.log" 2>&1 & B=$!
up 5592 || { echo "replica host did not start: $OUT/b.log"; kill $A $B; exit 1; }
CA=$(cookie 5591); CB=$(cookie 5592)
for round in 1 2 3 4; do
  dotnet $LOAD --url "http://127.0.0.1:5591/api/stats/990121000000" --cookie "$CA" --connections 4 --seconds 8 --warmup 2 | sed "s/^/primary r$round /"
  dotnet $LOAD --url "http://127.0.0.1:5592/api/stats/990121000000" --cookie "$CB" --connections 4 --seconds 8 --warmup 2 | sed "s/^/replica r$round /"
done
uptime
kill $A $B; wait $A $B 2>/dev/null
psql "$PSQL_PRIMARY" -qAtc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"
