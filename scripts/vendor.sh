#!/usr/bin/env bash
# Refreshes the front-end files the binary serves from the npm registry, pinned by
# web/package-lock.json: `npm ci` installs exactly the locked versions (checked against
# their integrity hashes), then the files the site needs are copied into
# src/web/static/vendor/, with their source-map comments removed (the maps are not
# shipped), and SHA256SUMS is rewritten (a unit test checks the embedded files against it).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd web && npm ci --ignore-scripts --no-audit --no-fund)
version="$(node -p "require('./web/node_modules/maplibre-gl/package.json').version")"
out="src/web/static/vendor/maplibre-gl-$version"
rm -rf src/web/static/vendor/maplibre-gl-*
mkdir -p "$out"
for f in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
  sed '/^\/\/# sourceMappingURL=/d' "web/node_modules/maplibre-gl/dist/$f" > "$out/$f"
done
cp web/node_modules/maplibre-gl/LICENSE.txt "$out/LICENSE.txt"
(cd "$out" && sha256sum maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css LICENSE.txt > SHA256SUMS)
echo "vendored maplibre-gl $version into $out"
