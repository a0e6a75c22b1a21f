# shellcheck shell=bash
# sqlite_test_classpath NAME BUILD: the classpath of sources/sqlite's tests and what they need, for
# the benchmarks that run a main class of those tests (bench/sqlite-chunk-cpu.sh,
# bench/sqlite-read-locks.sh); built with mvn -o test-compile when BUILD is true or it was never
# written (in the reactor the project's own modules resolve to their target/classes, nothing is
# installed), kept in sources/sqlite/target/NAME.classpath. Run from the repository's root.
sqlite_test_classpath() {
  local name="$1" build="$2" file="sources/sqlite/target/$1.classpath"
  if [[ "$build" == true || ! -f "$file" ]]; then
    mvn -q -o -pl sources/sqlite -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="target/$name.classpath" -Dmdep.includeScope=test >&2
  fi
  printf '%s\n' "sources/sqlite/target/test-classes:sources/sqlite/target/classes:$(cat "$file")"
}
