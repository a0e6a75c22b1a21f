#!/usr/bin/env bash
# Installs what Tributary's local runtime needs and says what it did. Safe to re-run.
#   - Debian packages: PostgreSQL 15 (server, client, server-dev), make, gcc, dpkg-dev, curl, pgbouncer,
#     chromium + chromium-driver (the web UI test), prometheus (its promtool tests the alert rules),
#     plus openjdk-17-jdk-headless / maven when java 17+ / mvn are missing;
#   - pgvector for PostgreSQL 15, built from Debian trixie's source package (bookworm has none);
#   - the Kafka broker jars (deploy/local/kafka/pom.xml) in deploy/local/.run/kafka/libs;
#   - with --bench, also what bench/run.sh compares Tributary with: pgloader (Debian's 3.6.9);
#   - with --soak, also what bench/soak.sh needs: python3-psycopg2 (Debian's, for /usr/bin/python3),
#     and the real Chroma server from npm (chromadb + chromadb-js-bindings-linux-x64-gnu) in
#     $TRIBUTARY_RUN_DIR/chroma, run through Debian trixie's glibc unpacked beside it (the
#     bindings need glibc >= 2.38; bookworm has 2.36; nothing is installed system-wide);
#     --soak-without-chroma: python3-psycopg2 only (a soak of SQLite and PostgreSQL sources).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export DEBIAN_FRONTEND=noninteractive
TRIXIE_SRC_LIST=/etc/apt/sources.list.d/tributary-trixie-src.list

SUDO=()
if ! is_root && command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
fi
can_install() { is_root || ((${#SUDO[@]} > 0)); }

pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }

java_major() {
  local v
  command -v java >/dev/null 2>&1 || return 0
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1 || true)"
  printf '%s\n' "$v"
}

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------
# chromium + chromium-driver: the web UI's browser test (WebUiIT, headless)
# prometheus: its promtool runs the shipped alert rules' tests (AlertRulesIT)
apt_packages=(postgresql-15 postgresql-client-15 postgresql-server-dev-15 make gcc dpkg-dev curl pgbouncer chromium chromium-driver prometheus)
soak=false
while (($#)); do
  case "$1" in
    --bench) apt_packages+=(pgloader) ;;
    --soak)
      apt_packages+=(python3-psycopg2)
      soak=true
      ;;
    --soak-without-chroma)
      # bench/soak.sh without the chroma kind: its writers' driver alone
      apt_packages+=(python3-psycopg2)
      ;;
    *) die "unknown option '$1' (usage: setup.sh [--bench] [--soak | --soak-without-chroma])" ;;
  esac
  shift
done
missing=()
for p in "${apt_packages[@]}"; do
  if pkg_installed "$p"; then
    log "$p: already installed ($(pkg_version "$p"))"
  else
    missing+=("$p")
  fi
done

jmajor="$(java_major)"
if [[ -n "$jmajor" ]] && ((jmajor >= 17)); then
  log "java: $jmajor, ok"
else
  log "java: ${jmajor:-not found}, need 17+"
  missing+=(openjdk-17-jdk-headless)
fi
if command -v mvn >/dev/null 2>&1; then
  log "maven: already installed ($(mvn -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/^Apache Maven \([^ ]*\).*/\1/p' | head -n 1))"
else
  missing+=(maven)
fi

if ((${#missing[@]} > 0)); then
  if ! can_install; then
    die "missing packages: ${missing[*]} — as root run: apt-get update && apt-get install -y ${missing[*]}"
  fi
  log "installing: ${missing[*]} (apt-get update + install)"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  for p in "${missing[@]}"; do
    pkg_installed "$p" || die "apt-get install of $p did not install it"
    log "$p: installed ($(pkg_version "$p"))"
  done
  # The pgbouncer package enables a system-wide service on port 6432; we only want the binary.
  if [[ " ${missing[*]} " == *" pgbouncer "* ]] && command -v systemctl >/dev/null 2>&1 &&
    systemctl is-active --quiet pgbouncer 2>/dev/null; then
    "${SUDO[@]}" systemctl disable --now pgbouncer >/dev/null 2>&1 || true
    log "pgbouncer: system service stopped (the local runtime starts its own when needed)"
  fi
fi

[[ -x "$TRIBUTARY_PG_BIN/pg_config" ]] ||
  die "$TRIBUTARY_PG_BIN/pg_config not found even though postgresql-server-dev-15 is installed"
jmajor="$(java_major)"
if [[ -z "$jmajor" ]] || ((jmajor < 17)); then
  die "java 17+ is still not the default 'java' (found: ${jmajor:-none}): run update-alternatives --config java"
fi
command -v mvn >/dev/null 2>&1 || die "mvn still not found on PATH"

# ---------------------------------------------------------------------------------------------
# 2. pgvector (built from Debian trixie's source package; bookworm has no postgresql-15-pgvector)
# ---------------------------------------------------------------------------------------------
pg_sharedir="$("$TRIBUTARY_PG_BIN/pg_config" --sharedir)"
vector_control="$pg_sharedir/extension/vector.control"

vector_version() { sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" "$vector_control" 2>/dev/null || true; }

# The Debian mirror this machine already uses (deb822 *.sources or one-line *.list), so that the
# trixie deb-src line points to the same host.
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    while read -r uri; do
      if [[ "$uri" =~ ^https?://[^[:space:]]+/debian/?$ ]]; then
        printf '%s\n' "${uri%/}"
        return 0
      fi
    done < <(sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n')
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri="$(awk '$1 ~ /^deb(-src)?$/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' "$f")"
    if [[ -n "$uri" ]]; then
      printf '%s\n' "${uri%/}"
      return 0
    fi
  done
  printf 'http://deb.debian.org/debian\n'
}

if [[ -f "$vector_control" ]]; then
  log "pgvector $(vector_version): already installed ($vector_control)"
else
  can_install || die "pgvector is not installed and installing it needs root: run deploy/local/setup.sh as root"
  mirror="$(debian_mirror)"
  src_line="deb-src $mirror trixie main"
  if [[ "$(cat "$TRIXIE_SRC_LIST" 2>/dev/null || true)" != "$src_line" ]]; then
    # Only a deb-src line: a trixie `deb` line would let apt upgrade libc & co. to trixie.
    printf '%s\n' "$src_line" | "${SUDO[@]}" tee "$TRIXIE_SRC_LIST" >/dev/null
    log "apt: added '$src_line' in $TRIXIE_SRC_LIST"
  fi
  log "apt: updating the trixie source index only"
  "${SUDO[@]}" apt-get update -qq \
    -o Dir::Etc::sourcelist="$TRIXIE_SRC_LIST" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0

  build="$TRIBUTARY_BUILD_DIR/pgvector"
  rm -rf "$build"
  mkdir -p "$build"
  log "pgvector: apt-get source pgvector (in ${build#"$TRIBUTARY_ROOT"/})"
  (cd "$build" && apt-get source -qq pgvector >"$build/apt-source.log" 2>&1) || {
    show_log_tail "$build/apt-source.log"
    die "apt-get source pgvector failed"
  }
  srcdir="$(find "$build" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
  [[ -n "$srcdir" && -f "$srcdir/Makefile" ]] || die "no pgvector source tree found under $build"
  log "pgvector: building ${srcdir##*/} against PostgreSQL $TRIBUTARY_PG_MAJOR"
  make -C "$srcdir" OPTFLAGS="" PG_CONFIG="$TRIBUTARY_PG_BIN/pg_config" >"$build/make.log" 2>&1 || {
    show_log_tail "$build/make.log"
    die "pgvector build failed (log: $build/make.log)"
  }
  "${SUDO[@]}" make -C "$srcdir" install PG_CONFIG="$TRIBUTARY_PG_BIN/pg_config" >"$build/make-install.log" 2>&1 || {
    show_log_tail "$build/make-install.log"
    die "pgvector make install failed (log: $build/make-install.log)"
  }
  [[ -f "$vector_control" ]] || die "pgvector was installed but $vector_control does not exist"
  log "pgvector $(vector_version): built and installed"
fi

# ---------------------------------------------------------------------------------------------
# 3. Kafka broker jars
# ---------------------------------------------------------------------------------------------
if kafka_libs_complete; then
  log "kafka $TRIBUTARY_KAFKA_VERSION jars: already present ($(find "$TRIBUTARY_KAFKA_LIBS" -name '*.jar' | wc -l) jars)"
else
  log "kafka $TRIBUTARY_KAFKA_VERSION jars: fetching through Maven (deploy/local/kafka/pom.xml)"
  mkdir -p "$TRIBUTARY_KAFKA_DIR"
  tmp_libs="$TRIBUTARY_KAFKA_LIBS.tmp"
  rm -rf "$tmp_libs"
  mkdir -p "$TRIBUTARY_LOG_DIR"
  if ! mvn -B -q -Dstyle.color=never -f "$TRIBUTARY_KAFKA_POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp_libs" >"$TRIBUTARY_LOG_DIR/kafka-libs.log" 2>&1; then
    show_log_tail "$TRIBUTARY_LOG_DIR/kafka-libs.log"
    die "could not fetch the Kafka jars with Maven (log: $TRIBUTARY_LOG_DIR/kafka-libs.log)"
  fi
  compgen -G "$tmp_libs/kafka_2.13-$TRIBUTARY_KAFKA_VERSION.jar" >/dev/null ||
    die "Maven copied no kafka_2.13-$TRIBUTARY_KAFKA_VERSION.jar into $tmp_libs"
  kafka_libs_stamp >"$tmp_libs/.complete"
  rm -rf "$TRIBUTARY_KAFKA_LIBS"
  mv "$tmp_libs" "$TRIBUTARY_KAFKA_LIBS"
  log "kafka $TRIBUTARY_KAFKA_VERSION jars: copied ($(find "$TRIBUTARY_KAFKA_LIBS" -name '*.jar' | wc -l) jars in ${TRIBUTARY_KAFKA_LIBS#"$TRIBUTARY_ROOT"/})"
fi

# ---------------------------------------------------------------------------------------------
# 4. sqlite-vec's vec0 extension (tests write vec0 tables as applications do; capture never loads it)
# ---------------------------------------------------------------------------------------------
if [[ -f "$TRIBUTARY_SQLITE_VEC" ]]; then
  log "sqlite-vec $TRIBUTARY_SQLITE_VEC_VERSION: already present (${TRIBUTARY_SQLITE_VEC#"$TRIBUTARY_ROOT"/})"
else
  command -v npm >/dev/null 2>&1 || {
    if can_install; then
      "${SUDO[@]}" apt-get install -y -q npm >/dev/null || die "could not install npm"
    else
      die "npm is needed to fetch sqlite-vec's prebuilt extension"
    fi
  }
  vec_tmp="$(mktemp -d)"
  log "sqlite-vec $TRIBUTARY_SQLITE_VEC_VERSION: npm pack sqlite-vec-linux-x64@$TRIBUTARY_SQLITE_VEC_VERSION"
  (cd "$vec_tmp" && npm pack -q "sqlite-vec-linux-x64@$TRIBUTARY_SQLITE_VEC_VERSION" >/dev/null 2>&1) ||
    die "could not fetch sqlite-vec-linux-x64@$TRIBUTARY_SQLITE_VEC_VERSION from the npm registry"
  tar -xzf "$vec_tmp"/sqlite-vec-linux-x64-*.tgz -C "$vec_tmp"
  mkdir -p "$(dirname "$TRIBUTARY_SQLITE_VEC")"
  install -m 0644 "$vec_tmp/package/vec0.so" "$TRIBUTARY_SQLITE_VEC"
  rm -rf "$vec_tmp"
  log "sqlite-vec $TRIBUTARY_SQLITE_VEC_VERSION: installed (${TRIBUTARY_SQLITE_VEC#"$TRIBUTARY_ROOT"/})"
fi

# ---------------------------------------------------------------------------------------------
# 5. --soak: the real Chroma server (npm) and the trixie glibc it runs on
# ---------------------------------------------------------------------------------------------
if [[ "$soak" == true ]]; then
  chroma_dir="$TRIBUTARY_RUN_DIR/chroma"
  if [[ -f "$chroma_dir/node_modules/chromadb/package.json" ]] &&
    compgen -G "$chroma_dir/node_modules/chromadb-js-bindings-linux-x64-gnu/*.node" >/dev/null; then
    log "chromadb $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$chroma_dir/node_modules/chromadb/package.json" | head -n 1): already present (${chroma_dir#"$TRIBUTARY_ROOT"/})"
  else
    command -v npm >/dev/null 2>&1 || {
      can_install || die "npm is needed to install chromadb"
      "${SUDO[@]}" apt-get install -y -q npm >/dev/null || die "could not install npm"
    }
    mkdir -p "$chroma_dir"
    log "chromadb $TRIBUTARY_CHROMADB_VERSION: npm install (chromadb, chromadb-js-bindings-linux-x64-gnu) in ${chroma_dir#"$TRIBUTARY_ROOT"/}"
    [[ -f "$chroma_dir/package.json" ]] || printf '{ "private": true }\n' >"$chroma_dir/package.json"
    (cd "$chroma_dir" && npm install --no-audit --no-fund --loglevel=error \
      "chromadb@$TRIBUTARY_CHROMADB_VERSION" "chromadb-js-bindings-linux-x64-gnu@$TRIBUTARY_CHROMADB_BINDINGS_VERSION" \
      >"$chroma_dir/npm-install.log" 2>&1) || {
      show_log_tail "$chroma_dir/npm-install.log"
      die "npm install of chromadb failed (log: $chroma_dir/npm-install.log)"
    }
  fi
  glibc_dir="$chroma_dir/glibc"
  if [[ -x "$glibc_dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]]; then
    log "trixie glibc for Chroma: already present (${glibc_dir#"$TRIBUTARY_ROOT"/})"
  else
    # A private apt state (lists, archives, no status): trixie's binary index is read only here, so
    # the system's apt never sees trixie packages it could upgrade to.
    apt_dir="$chroma_dir/apt"
    rm -rf "$apt_dir" "$glibc_dir.tmp"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/debs" "$glibc_dir.tmp"
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$(debian_mirror)" >"$apt_dir/trixie.list"
    apt_private=(-o Dir::Etc::sourcelist="$apt_dir/trixie.list" -o Dir::Etc::sourceparts=- \
      -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache::Archives="$apt_dir/archives" \
      -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o Dir::State::status=/dev/null \
      -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
    log "trixie glibc for Chroma: apt-get download libc6 libstdc++6 libgcc-s1 (private index in ${apt_dir#"$TRIBUTARY_ROOT"/})"
    apt-get "${apt_private[@]}" update -qq >"$apt_dir/update.log" 2>&1 || {
      show_log_tail "$apt_dir/update.log"
      die "apt-get update of the trixie index failed"
    }
    (cd "$apt_dir/debs" && apt-get "${apt_private[@]}" download libc6 libstdc++6 libgcc-s1 >"$apt_dir/download.log" 2>&1) || {
      show_log_tail "$apt_dir/download.log"
      die "apt-get download of trixie's libc6 failed"
    }
    for deb in "$apt_dir"/debs/*.deb; do
      dpkg-deb -x "$deb" "$glibc_dir.tmp"
    done
    [[ -x "$glibc_dir.tmp/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]] ||
      die "trixie's libc6 has no usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    rm -rf "$glibc_dir"
    mv "$glibc_dir.tmp" "$glibc_dir"
    rm -rf "$apt_dir/archives" "$apt_dir/lists"
    log "trixie glibc for Chroma: $(cd "$apt_dir/debs" && ls -- *.deb | tr '\n' ' ')unpacked in ${glibc_dir#"$TRIBUTARY_ROOT"/}"
  fi
  chroma_node --version >/dev/null 2>&1 || die "node does not run through trixie's loader ($glibc_dir)"
  log "chroma: node $(chroma_node --version) runs on trixie's glibc"
fi

log "done"
