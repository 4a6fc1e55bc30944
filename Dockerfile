# syntax=docker/dockerfile:1
# Tandem's container image (docs/deploy.md). Two stages: `build` has the C++ toolchain that
# better-sqlite3 12.x needs when it compiles from source, the dev dependencies, TypeScript and
# Vite; `runtime` has only what `tandem serve` runs: the compiled server and dashboard (dist/),
# the production node_modules, bin/ and package.json (the CLI reads its version there).
#
#   docker build -t tandem .
#   docker run --init -p 127.0.0.1:8501:8501 -e TANDEM_TOKEN=... -v tandem-data:/data tandem

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# python3, make and g++ build better-sqlite3's native addon when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so a source change does not reinstall them. --ignore-scripts skips the
# `prepare` build (the sources are not here yet); better-sqlite3's own install step then runs
# alone through `npm rebuild`.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.base.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
COPY bin ./bin
# Build, then drop the dev dependencies. The declarations (dist/**/*.d.ts) serve TypeScript
# consumers of the package, not the server, so the image leaves them out; of better-sqlite3's
# build only the addon stays (its SQLite sources and object files are ~25 MB).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && find dist \( -name '*.d.ts' -o -name '*.d.ts.map' \) -delete \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src \
 && mkdir -p build/Release \
 && mv /tmp/better_sqlite3.node build/Release/

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    TANDEM_HOST=0.0.0.0 \
    TANDEM_PORT=8501 \
    TANDEM_DB=/data/tandem.db \
    TANDEM_DATA_DIR=/data
# A system user of its own, without a shell or a writable home: the image's files stay owned
# by root and read-only to it; only /data (the volume) is its to write.
RUN groupadd --system --gid 10001 tandem \
 && useradd --system --uid 10001 --gid tandem --home-dir /nonexistent --shell /usr/sbin/nologin tandem \
 && mkdir -p /data \
 && chown tandem:tandem /data
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
USER tandem:tandem
VOLUME ["/data"]
EXPOSE 8501
# /api/health through loopback, with TANDEM_TOKEN when set (deploy/healthcheck.mjs); the
# start period covers opening and migrating the store.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/healthcheck.mjs"]
# serve handles SIGTERM itself (flushes buffers, closes the store); `docker stop` sends it.
STOPSIGNAL SIGTERM
# Binding 0.0.0.0 needs TANDEM_TOKEN: without it serve exits at once naming the variable.
CMD ["./bin/tandem", "serve", "--host", "0.0.0.0"]
