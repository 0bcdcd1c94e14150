#!/bin/bash
# The dashboard's server time as a browser gets it, against a running web host:
#   bench/dashboard-p95.sh http://127.0.0.1:5398 nation 20 /stats /stats/990121000000 ...
# signs in as the demo account (password demo2025), requests each path once to warm it, then N times, and prints
# p50, p95 and the maximum of curl's total time.
set -euo pipefail
base=$1; user=$2; n=$3; shift 3
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
token=$(curl -s -c "$jar" -b "$jar" "$base/account/login" | grep -o '__RequestVerificationToken[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -c "$jar" -b "$jar" -o /dev/null -w "sign-in %{http_code}\n" -d "userName=$user&password=demo2025&__RequestVerificationToken=$token" "$base/account/login"
for path in "$@"; do
  curl -s -b "$jar" -o /dev/null "$base$path"
  for _ in $(seq "$n"); do curl -s -b "$jar" -o /dev/null -w "%{time_total}\n" "$base$path"; done | sort -n |
    awk -v p="$path" '{a[NR]=$1} END {printf "%s: p50 %.0f ms, p95 %.0f ms, max %.0f ms (n=%d)\n", p, a[int(NR*0.5+0.5)]*1000, a[int(NR*0.95+0.5)]*1000, a[NR]*1000, NR}'
done
