#!/usr/bin/env bash
# The benchmark: Parity Gate's job against the physical floor (one scan of each side computing a
# count and a hash sum) and a hand-written full outer join diff, on the same seeded data, in fresh
# JVMs, alternating, for a clean and a diff dataset. Prints median wall times, the ratios
# job/floor and naive/job, peak memory, and checks the job's counts against the manifest.
#
# Usage: bench/run.sh [ROWS=10000000] [RUNS=3]
# Environment: PARITY_DRIVER_MEMORY (2g), PARITY_MASTER (local[2]), BENCH_DIR (bench/data),
#   BENCH_MODES ("clean diff"; add "scattered" for value changes in every date: see BenchData)
set -euo pipefail

rows="${1:-10000000}"
runs="${2:-3}"
read -r -a modes_list <<<"${BENCH_MODES:-clean diff}"
for m in "${modes_list[@]}"; do
  case $m in clean | diff | scattered) ;; *) echo "Invalid BENCH_MODES entry '$m': must be clean, diff or scattered" >&2; exit 2 ;; esac
done
modes="${modes_list[*]}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${BENCH_DIR:-$root/bench/data}"
export PARITY_DRIVER_MEMORY="${PARITY_DRIVER_MEMORY:-2g}"

(cd "$root" && bin/mvn -q -B -DskipTests -Dspotless.check.skip=true package </dev/null) >&2
bench_jar="$root/parity-bench/target/parity-bench-0.1.0.jar"
job_jar="$root/parity-spark-job/target/parity-spark-job-0.1.0.jar"
classpath="$(cat "$root/parity-spark-job/target/spark-classpath.txt")"

timed() { # timed NAME LOGFILE CMD...: wall seconds to stdout, "peak RSS (KB) CPU seconds" to $data/.rss
  # Exit 0 and 1 are answers (the job exits 1 when the data differs); anything else is a failure.
  local log="$2"; shift 2
  local start end status=0
  start=$(date +%s%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "%M %U %S" -o "$data/.rss" "$@" >"$log" 2>&1 || status=$?
  else
    "$@" >"$log" 2>&1 || status=$?
    echo "0 0 0" >"$data/.rss"
  fi
  if ((status > 1)); then echo "FAILED ($status): see $log" >&2; exit 1; fi
  end=$(date +%s%N)
  echo "scale=2; ($end - $start) / 1000000000" | bc
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

mkdir -p "$data"
for mode in $modes; do
  if [[ ! -f "$data/$mode/manifest.json" ]] || ! grep -q "\"rows\" : $rows," "$data/$mode/manifest.json"; then
    echo "generating $mode data: $rows rows per side ..." >&2
    "$root/bin/spark-submit" --class dev.paritygate.bench.BenchData "$bench_jar" "$data/$mode" "$rows" "$mode" 42 >"$data/gen-$mode.log" 2>&1
  fi
  mkdir -p "$data/$mode/rules"
  cat >"$data/$mode/rules/bench.yaml" <<YAML
pipeline: bench_$mode
left:  { format: parquet, path: "$data/$mode/legacy" }
right: { format: parquet, path: "$data/$mode/cloud" }
key: [id]
partition_by: [event_date]
sample: { max_rows: 20 }
YAML
done

declare -A times rss cpus
# A pipeline's first night also creates the verdict tables (through Spark's Delta: 4-6 s more on
# this machine); every later night appends to them. The benchmark measures the nightly cost, so a
# new warehouse gets that first night here, untimed.
if [[ ! -d "$data/warehouse/verdicts" ]]; then
  echo "creating the verdict tables in $data/warehouse (a first night, untimed) ..." >&2
  status=0
  "$root/bin/spark-submit" --class dev.paritygate.job.ParityMain "$job_jar" run --rules "$data/${modes_list[0]}/rules" \
    --run-date 2026-11-19 --run-id "bench-first-night-$(date +%Y%m%dT%H%M%S)" --warehouse "$data/warehouse" \
    >"$data/first-night.log" 2>&1 || status=$?
  if ((status > 1)); then echo "FAILED ($status): see $data/first-night.log" >&2; exit 1; fi
fi
# Each invocation's runs are first attempts, as a nightly run's are: a run id already in the
# verdict table would make the job replace its rows (a retry) instead of appending them.
stamp=$(date +%Y%m%dT%H%M%S)
for mode in $modes; do
  for i in $(seq 1 "$runs"); do
    for variant in floor naive job; do
      log="$data/$mode-$variant-$i.log"
      case $variant in
        floor)
          # The floor logs its events as the job does, so both pay the same and can be compared by stage.
          rm -rf "$data/$mode/floor-events" && mkdir -p "$data/$mode/floor-events"
          t=$(timed floor "$log" "$root/bin/spark-submit" --conf spark.eventLog.enabled=true \
                --conf "spark.eventLog.dir=file://$data/$mode/floor-events" \
                --class dev.paritygate.bench.BenchFloor "$bench_jar" "$data/$mode") ;;
        naive) t=$(timed naive "$log" "$root/bin/spark-submit" --class dev.paritygate.bench.BenchNaiveDiff "$bench_jar" "$data/$mode") ;;
        job)
          rm -rf "$data/$mode/events" && mkdir -p "$data/$mode/events"
          t=$(timed job "$log" "$root/bin/spark-submit" --conf spark.eventLog.enabled=true \
                --conf "spark.eventLog.dir=file://$data/$mode/events" \
                --class dev.paritygate.job.ParityMain "$job_jar" run --rules "$data/$mode/rules" \
                --run-date 2026-11-20 --run-id "bench-$mode-$i-$stamp" --warehouse "$data/warehouse" \
                --summary-json "$data/$mode/summary.json")
          java -cp "$classpath:$bench_jar" dev.paritygate.bench.BenchCheck "$data/$mode/manifest.json" "$data/$mode/summary.json" \
            | sed "s/^/  $mode run $i: /" >&2
          ;;
      esac
      times[$mode-$variant]="${times[$mode-$variant]:-} $t"
      read -r r user sys < <(tail -n 1 "$data/.rss")  # GNU time prefixes a note when the exit code is not 0
      rss[$mode-$variant]=$(( ${rss[$mode-$variant]:-0} > r ? ${rss[$mode-$variant]:-0} : r ))
      cpu=$(echo "$user + $sys" | bc)
      cpus[$mode-$variant]="${cpus[$mode-$variant]:-} $cpu"
      echo "  $mode $variant run $i: ${t}s, CPU ${cpu}s, peak RSS $((r / 1024)) MB" >&2
    done
  done
done

echo
echo "Benchmark: $rows rows per side, $runs runs, median wall seconds (fresh JVM each), $(nproc) cores, driver heap $PARITY_DRIVER_MEMORY"
printf '| mode | floor s | naive join s | job s | job / floor | naive / job | peak RSS floor / naive / job (MB) |\n|---|---|---|---|---|---|---|\n'
for mode in $modes; do
  f=$(median ${times[$mode-floor]}); n=$(median ${times[$mode-naive]}); j=$(median ${times[$mode-job]})
  printf '| %s | %s | %s | %s | %.2f | %.2f | %d / %d / %d |\n' "$mode" "$f" "$n" "$j" \
    "$(echo "$j / $f" | bc -l)" "$(echo "$n / $j" | bc -l)" \
    $(( ${rss[$mode-floor]} / 1024 )) $(( ${rss[$mode-naive]} / 1024 )) $(( ${rss[$mode-job]} / 1024 ))
done
# CPU seconds (user + system, all threads, JIT included) move less than wall time on a shared machine.
echo
printf '| mode | floor CPU s | naive CPU s | job CPU s | job / floor | naive / job |\n|---|---|---|---|---|---|\n'
for mode in $modes; do
  f=$(median ${cpus[$mode-floor]}); n=$(median ${cpus[$mode-naive]}); j=$(median ${cpus[$mode-job]})
  printf '| %s | %s | %s | %s | %.2f | %.2f |\n' "$mode" "$f" "$n" "$j" "$(echo "$j / $f" | bc -l)" "$(echo "$n / $j" | bc -l)"
done
# The runs alternate floor, naive and job, so one run's three programs ran minutes apart at most:
# ratios within a run cancel a slow stretch of a shared machine, which the medians above mix in.
echo
printf '| mode | job / floor, each run | median | naive / job, each run | median |\n|---|---|---|---|---|\n'
for mode in $modes; do
  read -r -a fs <<<"${times[$mode-floor]}"
  read -r -a ns <<<"${times[$mode-naive]}"
  read -r -a js <<<"${times[$mode-job]}"
  jf=() nj=()
  for k in "${!fs[@]}"; do
    jf+=("$(printf '%.2f' "$(echo "${js[k]} / ${fs[k]}" | bc -l)")")
    nj+=("$(printf '%.2f' "$(echo "${ns[k]} / ${js[k]}" | bc -l)")")
  done
  printf '| %s | %s | %.2f | %s | %.2f |\n' "$mode" "${jf[*]}" "$(median "${jf[@]}")" "${nj[*]}" "$(median "${nj[@]}")"
done
for mode in $modes; do
  for variant in floor job; do
    echo
    echo "Where the $variant's time goes ($mode, last run):"
    events="$data/$mode/events"; [[ $variant == floor ]] && events="$data/$mode/floor-events"
    for log in "$events"/*; do java -cp "$classpath:$bench_jar" dev.paritygate.bench.BenchStages "$log"; done
  done
done
