#!/usr/bin/env bash
# Builds the reference server's image without a registry (the Dockerfile's `FROM node:20-slim` cannot be
# pulled here): a root filesystem of the host's node and the libraries ldd lists, the app files the
# Dockerfile copies (minus .dockerignore) and the production node_modules, imported with `docker import`
# and given the Dockerfile's own ENV, EXPOSE, LABEL, USER, WORKDIR, ENTRYPOINT and CMD.
# Usage: tools/build-image.sh [TAG]   (default chatconform/reference-server:local)
# An image whose source hash matches is kept as it is (the hash covers the app files, the lockfile and node).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tag=${1:-chatconform/reference-server:local}
command -v docker >/dev/null || { echo "build-image: no docker client on PATH" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "build-image: no Docker engine reachable (is dockerd running?)" >&2; exit 3; }

node_bin=$(readlink -f "$(command -v node)")
mkdir -p .chatconform
work=$(mktemp -d "$PWD/.chatconform/image-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
sed -e '/^\s*#/d' -e '/^\s*$/d' -e 's|^|./|' .dockerignore >"$work/excludes"
echo "./.chatconform" >>"$work/excludes"

# The app files, in a stable order, so that their hash says whether the image is current.
tar -C . --anchored --exclude-from="$work/excludes" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$work/app.tar" .
hash=$( { sha256sum <"$work/app.tar"; "$node_bin" --version; sha256sum "$node_bin"; } | sha256sum | cut -c1-16)
if [[ $(docker image inspect -f '{{index .Config.Labels "dev.chatconform.source-hash"}}' "$tag" 2>/dev/null) == "$hash" ]]; then
  echo "build-image: $tag is current (source $hash)"
  exit 0
fi

root="$work/root"
mkdir -p "$root/app" "$root/tmp" "$root/etc" "$root/usr/local/bin" "$root/home/node"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/local/bin/node"
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000:node:/home/node:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
tar -C "$root/app" -xf "$work/app.tar"

# Production dependencies only: a real copy (never hard links: npm rewrites files in place) pruned offline.
cp -a node_modules "$root/app/node_modules"
(cd "$root/app" && npm prune --omit=dev --no-audit --no-fund --offline >"$work/prune.log" 2>&1) || { cat "$work/prune.log" >&2; exit 1; }

changes=(--change "LABEL dev.chatconform.source-hash=$hash")
while IFS= read -r line; do changes+=(--change "$line"); done < <(grep -E '^(ENV|EXPOSE|LABEL|USER|WORKDIR|ENTRYPOINT|CMD) ' Dockerfile)
chown -R 1000:1000 "$root/home/node"
tar -C "$root" --numeric-owner -c . | docker import "${changes[@]}" - "$tag" >/dev/null
# The image this one replaced, if any, is now untagged: drop it.
docker image prune -f --filter "label=dev.chatconform.target-file" >/dev/null
echo "build-image: built $tag (source $hash, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1e6}'))"
