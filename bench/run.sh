#!/usr/bin/env bash
# Builds Custodia and its benchmarks, then runs the end-to-end benchmark against PostgreSQL with a
# 512 MB heap (the app must hold 1,000,000 persons in it). Options go to the harness, e.g.
#   bench/run.sh                      # 1,000,000 persons (about 20-30 minutes on 2 cores)
#   bench/run.sh --persons 200000     # quicker
#   bench/run.sh --jmh                # micro-benchmarks of the crypto hot paths (JMH), no database
# Database: CUSTODIA_BENCH_URL (default jdbc:postgresql://127.0.0.1:5432/test), CUSTODIA_BENCH_USER
# (default postgres), CUSTODIA_BENCH_PASSWORD. The schema (default "bench") is created fresh and dropped.
# Results: printed, and written to bench/results/latest.md (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-home.sh

./mvnw -q -DskipTests install
./mvnw -q -f bench/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CLASSPATH="bench/target/classes:$(cat bench/target/classpath.txt)"
export CLASSPATH

if [ "${1:-}" = "--jmh" ]; then
  shift
  exec java -Xmx512m org.openjdk.jmh.Main -rf text -rff bench/results/jmh-latest.txt "$@"
fi
mkdir -p bench/results
exec java -Xms512m -Xmx512m -XX:+UseG1GC io.custodia.bench.EndToEndBenchmark --results bench/results/latest.md "$@"
