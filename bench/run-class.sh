# Sourced by the bench/*.sh scripts: builds what a harness needs and runs its class.
#   run_class <maven goal: test-compile|package> <timeout> <heap> <class> [args...]
# Environment: MVN_ARGS (default "-B -q"; "-o -B -q" offline), BENCH_TIMEOUT (overrides the timeout), JAVA,
# BENCH_JAVA_OPTS (extra JVM options for the harness, e.g. -Dbench.keep=true).
run_class() {
    local goal=$1 limit=$2 heap=$3 class=$4
    shift 4
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    local out_dir=target/bench
    mkdir -p "$out_dir"
    local build=(test-compile)
    [ "$goal" = package ] && build=(package -DskipTests)
    ./mvnw ${MVN_ARGS:--B -q} "${build[@]}" dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$out_dir/test.cp"
    exec timeout --kill-after=30s "${BENCH_TIMEOUT:-$limit}" "${JAVA:-java}" "-Xmx$heap" ${BENCH_JAVA_OPTS:-} \
        -Dentrega.repository="$PWD" -cp "target/test-classes:target/classes:$(cat "$out_dir/test.cp")" \
        "$class" "$@"
}
