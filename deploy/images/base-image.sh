#!/usr/bin/env bash
# Builds the base image the service images start from: Debian (the machine's own release) with the OpenJDK 17
# headless runtime, CA certificates, time zones and a non-root user 185 (home /home/jboss, group 0, like the
# UBI OpenJDK images Quarkus uses by default). Only Debian's packages are used, through the machine's own apt
# sources, so it builds without Docker and without any container registry. The result is a `docker save`-style
# archive that Jib reads as a base image (quarkus.jib.base-jvm-image=tar://<file>).
#
#   deploy/images/base-image.sh OUTPUT.tar
set -euo pipefail

out="${1:?usage: base-image.sh OUTPUT.tar}"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

if ! command -v mmdebstrap >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "mmdebstrap is needed: apt-get install mmdebstrap" >&2; exit 1; }
  apt-get install -y -q mmdebstrap >&2 || { apt-get update -q >&2 && apt-get install -y -q mmdebstrap >&2; }
fi

# shellcheck disable=SC1091
suite="$(. /etc/os-release && echo "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")"
arch="$(dpkg --print-architecture)"
sources=""
for candidate in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
  if [[ -s "$candidate" ]] && grep -qE '^(deb |URIs:)' "$candidate"; then sources="$candidate"; break; fi
done
[[ -n "$sources" ]] || { echo "no Debian apt sources found on this machine" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Docs, man pages and translations are left out (the JRE's post-install script still needs man1 to exist); apt's caches are emptied; the image has no apt lists.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date -d "$(date +%Y-%m-01)" +%s)}" \
mmdebstrap --quiet --variant=minbase --architectures="$arch" --format=tar \
  --include=openjdk-17-jre-headless,ca-certificates,tzdata \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='chroot "$1" useradd --uid 185 --gid 0 --home-dir /home/jboss --create-home --shell /usr/sbin/nologin jboss' \
  --customize-hook='chroot "$1" sh -c "chmod 0775 /home/jboss && rm -rf /var/cache/apt/* /var/lib/apt/lists/* /var/log/*"' \
  "$suite" "$work/rootfs.tar" "$sources"

diff_id="$(sha256sum "$work/rootfs.tar" | cut -d' ' -f1)"
java_home="/usr/lib/jvm/java-17-openjdk-$arch"
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"$(date -u -d "@${SOURCE_DATE_EPOCH:-0}" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)",
 "config":{"User":"185","WorkingDir":"/home/jboss",
  "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"deploy/images/base-image.sh: mmdebstrap $suite openjdk-17-jre-headless ca-certificates tzdata"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["datanet/jre17-base:%s"],"Layers":["rootfs.tar"]}]\n' "$suite" >"$work/manifest.json"
tar -C "$work" -cf "$out.part" manifest.json config.json rootfs.tar
mv "$out.part" "$out"
echo "$out"
