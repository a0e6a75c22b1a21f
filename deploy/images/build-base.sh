#!/usr/bin/env bash
# Builds the base image of Tributary's service images from Debian packages, without a container
# registry or a Docker daemon: debootstrap --variant=minbase (Debian bookworm) + the headless
# JRE 17 + ca-certificates, security updates applied, a non-root user tributary (uid/gid 185), and
# writes it as a docker-save tarball (manifest.json, the config JSON, one layer tar) into a cache
# directory. images/ (mvn -B package -Pimages) builds the services' images on top of it.
#
#   deploy/images/build-base.sh               build the base if its tarball is missing; prints its path
#   deploy/images/build-base.sh --print-path  only print the path the tarball has (or would have)
#   deploy/images/build-base.sh --force       rebuild even if the tarball exists
#
# stdout carries one line, the tarball's path; everything else goes to stderr.
# The tarball's name carries a stamp: a hash of this recipe (suite, packages, user) and of the
# versions apt on this machine would install (apt-cache policy), so the base is rebuilt when the
# recipe changes or when `apt-get update` here brings a newer JRE or ca-certificates, else reused.
#
# Environment:
#   TRIBUTARY_IMAGES_CACHE          cache directory (default: $HOME/.cache/tributary/images)
#   TRIBUTARY_DEBIAN_MIRROR         Debian mirror (default: the deb.debian.org-style URI of this
#                                   machine's apt sources, else http://deb.debian.org/debian)
#   TRIBUTARY_DEBIAN_SECURITY_MIRROR  security archive (default: <mirror>-security)
# Needs root (debootstrap, chroot) only when it actually builds.
set -euo pipefail

readonly RECIPE_VERSION=3
readonly SUITE=bookworm
readonly PACKAGES=(openjdk-17-jre-headless ca-certificates)
readonly APP_USER=tributary
readonly APP_UID=185

log() { printf 'build-base: %s\n' "$*" >&2; }
die() {
  printf 'build-base: ERROR: %s\n' "$*" >&2
  exit 1
}

mode=build
force=0
for arg in "$@"; do
  case "$arg" in
    --print-path) mode=print ;;
    --force) force=1 ;;
    -h | --help)
      sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 0
      ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

cache_dir="${TRIBUTARY_IMAGES_CACHE:-${HOME}/.cache/tributary/images}"

# The mirror this machine's apt uses for the main archive, if it has a deb822 or one-line source.
detect_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
    2>/dev/null | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
  printf '%s' "${uri%/}"
}
mirror="${TRIBUTARY_DEBIAN_MIRROR:-$(detect_mirror)}"
mirror="${mirror:-http://deb.debian.org/debian}"
security_mirror="${TRIBUTARY_DEBIAN_SECURITY_MIRROR:-${mirror}-security}"

arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)

# Versions apt here would install: they change the stamp, so a newer JRE rebuilds the base.
candidate_versions() {
  local p v
  for p in "${PACKAGES[@]}"; do
    v=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    printf '%s=%s\n' "$p" "${v:-unknown}"
  done
}

recipe="recipe=${RECIPE_VERSION} suite=${SUITE} arch=${arch} user=${APP_USER}:${APP_UID}
packages=${PACKAGES[*]}
$(candidate_versions)"
stamp=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
tarball="${cache_dir}/base-${SUITE}-${arch}-${stamp}.tar"

if [[ "$mode" == print ]]; then
  printf '%s\n' "$tarball"
  exit 0
fi

if [[ -f "$tarball" && "$force" == 0 ]]; then
  log "up to date: $tarball"
  printf '%s\n' "$tarball"
  exit 0
fi

log "building the base image (stamp ${stamp}):"
printf '%s\n' "$recipe" | sed 's/^/build-base:   /' >&2
[[ $(id -u) == 0 ]] || die "building the base needs root (debootstrap, chroot); run it as root once:
  sudo env TRIBUTARY_IMAGES_CACHE=${cache_dir} $0
or give the images build another docker-save tarball with -Dtributary.images.base=PATH"
command -v debootstrap >/dev/null || {
  log "debootstrap is missing: apt-get install -y debootstrap"
  apt-get install -y debootstrap >&2 || die "could not install debootstrap (apt-get install -y debootstrap)"
}
for tool in tar sha256sum chroot; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

mkdir -p "$cache_dir"
exec 9>"${cache_dir}/.build-base.lock"
flock 9 # one build at a time; a second caller waits, then finds the tarball
if [[ -f "$tarball" && "$force" == 0 ]]; then
  log "built meanwhile by another run: $tarball"
  printf '%s\n' "$tarball"
  exit 0
fi

work=$(mktemp -d "${cache_dir}/.base-work.XXXXXX")
rootfs="${work}/rootfs"
cleanup() {
  local m
  # debootstrap and our chroot calls mount these; never leave them mounted (nor delete through them).
  for m in proc sys dev/pts dev; do
    mountpoint -q "${rootfs}/${m}" 2>/dev/null && umount -l "${rootfs}/${m}" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# minbase first, the packages then from the suite and its updates and security archive at once
# (debootstrap --include would fetch the JRE from the point release, then again its update).
log "debootstrap --variant=minbase ${SUITE} from ${mirror} (about 35 MB)"
if ! debootstrap --variant=minbase --arch="$arch" "$SUITE" "$rootfs" "$mirror" \
  >"${work}/debootstrap.log" 2>&1; then
  tail -n 30 "${work}/debootstrap.log" >&2
  [[ -f "${rootfs}/debootstrap/debootstrap.log" ]] && tail -n 30 "${rootfs}/debootstrap/debootstrap.log" >&2
  die "debootstrap failed (mirror ${mirror}; set TRIBUTARY_DEBIAN_MIRROR to another one)"
fi

in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

log "apt sources: ${mirror} ${SUITE} ${SUITE}-updates, ${security_mirror} ${SUITE}-security"
cat >"${rootfs}/etc/apt/sources.list" <<EOF
deb ${mirror} ${SUITE} main
deb ${mirror} ${SUITE}-updates main
deb ${security_mirror} ${SUITE}-security main
EOF
# No docs, man pages or translations from later apt runs in derived images either.
cat >"${rootfs}/etc/dpkg/dpkg.cfg.d/01-tributary-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
cat >"${rootfs}/etc/apt/apt.conf.d/01-tributary-slim" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
cp /etc/resolv.conf "${rootfs}/etc/resolv.conf"
mount -t proc proc "${rootfs}/proc"
in_root apt-get -q update >"${work}/apt.log" 2>&1 || {
  tail -n 20 "${work}/apt.log" >&2
  die "apt-get update in the chroot failed"
}
in_root apt-get -q -y -o Dpkg::Options::=--force-confold dist-upgrade >>"${work}/apt.log" 2>&1 || {
  tail -n 20 "${work}/apt.log" >&2
  die "apt-get dist-upgrade in the chroot failed"
}
log "apt-get install ${PACKAGES[*]} (about 60 MB)"
in_root apt-get -q -y install "${PACKAGES[@]}" >>"${work}/apt.log" 2>&1 || {
  tail -n 20 "${work}/apt.log" >&2
  die "apt-get install ${PACKAGES[*]} in the chroot failed"
}

log "user ${APP_USER} (uid/gid ${APP_UID}), /deployments"
in_root groupadd --system --gid "$APP_UID" "$APP_USER"
in_root useradd --system --uid "$APP_UID" --gid "$APP_UID" --home-dir /deployments --no-create-home \
  --shell /usr/sbin/nologin "$APP_USER"
mkdir -p "${rootfs}/deployments"
chown "${APP_UID}:${APP_UID}" "${rootfs}/deployments"

java_home=$(dirname "$(dirname "$(readlink -f "${rootfs}/usr/bin/java")")")
java_home="${java_home#"$rootfs"}"
[[ -x "${rootfs}${java_home}/bin/java" ]] || die "no java under ${java_home} in the rootfs"
in_root java -version >"${work}/java-version" 2>&1 || {
  cat "${work}/java-version" >&2
  die "java -version fails in the rootfs"
}
log "$(head -n1 "${work}/java-version") at ${java_home}"
installed=$(in_root dpkg-query -W -f '${Package}=${Version}\n' "${PACKAGES[@]}" | tr '\n' ' ')

log "slimming: apt lists and caches, docs, man pages, locales, logs"
umount "${rootfs}/proc"
rm -rf "${rootfs}"/var/lib/apt/lists/* "${rootfs}"/var/cache/apt/* "${rootfs}"/var/cache/debconf/*-old \
  "${rootfs}"/var/log/* "${rootfs}"/tmp/* "${rootfs}"/var/tmp/* "${rootfs}"/root/.cache \
  "${rootfs}"/usr/share/man/* "${rootfs}"/usr/share/info/* "${rootfs}"/usr/share/lintian \
  "${rootfs}"/usr/share/locale/* "${rootfs}"/etc/machine-id "${rootfs}"/var/lib/dbus/machine-id
find "${rootfs}/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
find "${rootfs}/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
: >"${rootfs}/etc/resolv.conf" # the runtime mounts its own
for m in proc sys dev/pts dev; do # never delete through a mount into the host
  ! mountpoint -q "${rootfs}/${m}" || die "${rootfs}/${m} is still mounted"
done
# /dev, /proc and /sys are mounted by the runtime: keep the directories, not the nodes.
rm -rf "${rootfs:?}"/dev/* "${rootfs:?}"/proc/* "${rootfs:?}"/sys/*

log "writing the docker-save tarball"
image="${work}/image"
mkdir -p "$image"
tar --sort=name --numeric-owner --format=gnu --xattrs --xattrs-include='security.capability' \
  -C "$rootfs" -cf "${image}/layer.tar" .
layer_sha=$(sha256sum "${image}/layer.tar" | cut -d' ' -f1)
mkdir -p "${image}/${layer_sha}"
mv "${image}/layer.tar" "${image}/${layer_sha}/layer.tar"

created=1970-01-01T00:00:00Z
path_env=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
cat >"${image}/config.json" <<EOF
{"architecture":"${arch}","os":"linux","created":"${created}","config":{"Env":["PATH=${path_env}","JAVA_HOME=${java_home}","LANG=C.UTF-8"],"Cmd":["/bin/bash"],"WorkingDir":"/","Labels":{"org.opencontainers.image.title":"tributary-base","org.opencontainers.image.description":"Debian ${SUITE} minbase with the headless JRE 17 and ca-certificates, user ${APP_USER} (${APP_UID})","io.tributary.base.packages":"${installed% }","io.tributary.base.stamp":"${stamp}"}},"rootfs":{"type":"layers","diff_ids":["sha256:${layer_sha}"]},"history":[{"created":"${created}","created_by":"deploy/images/build-base.sh: debootstrap --variant=minbase ${SUITE}; apt-get install ${PACKAGES[*]}; user ${APP_USER} ${APP_UID}"}]}
EOF
config_sha=$(sha256sum "${image}/config.json" | cut -d' ' -f1)
mv "${image}/config.json" "${image}/${config_sha}.json"
cat >"${image}/manifest.json" <<EOF
[{"Config":"${config_sha}.json","RepoTags":["tributary/base:${stamp}"],"Layers":["${layer_sha}/layer.tar"]}]
EOF
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 --format=gnu -C "$image" \
  -cf "${tarball}.partial" manifest.json "${config_sha}.json" "${layer_sha}"
mv "${tarball}.partial" "$tarball"
printf '%s\n' "$recipe" "installed: ${installed% }" >"${tarball%.tar}.txt"

for old in "${cache_dir}/base-${SUITE}-${arch}-"*.tar; do # earlier stamps: replaced
  if [[ "$old" != "$tarball" && -f "$old" ]]; then
    log "removing the superseded $old"
    rm -f "$old" "${old%.tar}.txt"
  fi
done
log "done: $tarball ($(du -h "$tarball" | cut -f1)); image tributary/base:${stamp}"
printf '%s\n' "$tarball"
