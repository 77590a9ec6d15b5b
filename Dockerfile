# syntax=docker/dockerfile:1
#
# One multi-target Dockerfile for every Textback process. Build a service with
#   docker build --target messaging -t textback/messaging:dev .
# Targets: telephony-ingest, messaging, conversation-ai, lead-crm, scheduling, reporting, console (HTTP
# services, ports 3001-3007), migrate (one-off job: `textback migrate all`), cli (the operator
# CLI), carrier-stand-in (local Bandwidth stand-in, tools/carrier-stand-in).
#
# Base: Node.js 24 LTS ("Krypton", LTS since 2025-10, maintenance until 2028-04) on Debian 12
# bookworm-slim, the exact version package.json pins as the `node` devDependency, which is what
# `npm test`, `npm start`, the demo and CI run on: tests and images run one runtime. Node 20 (the
# CI machine's own) reached end of life on 2026-04-30. Bump both together (tools/deploy-check
# fails when they differ). Pin a digest in production builds.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- deps: every dependency (dev included) from the lockfile, cached between builds ----
# (dev includes the `node` package, the same Node.js as the image's; `npm prune --omit=dev` drops it)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build: compile to dist/, then drop dev dependencies ----
# chdb (~540 MB: the ClickHouse engine of the single-process embedded mode) is not a dependency: only
# `npm run engines:embedded` installs it, so `npm ci` never brings it into these images, which use a
# ClickHouse server (CLICKHOUSE_URL). The test below guards that.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
COPY tools ./tools
RUN npm run build && npm prune --omit=dev && test ! -e node_modules/chdb

# ---- runtime: production node_modules + dist only, as the unprivileged `node` user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# uid 1000 (the `node` user of the official image); the app files stay root-owned and read-only.
# /var/lib/textback: state that must survive a restart (telephony-ingest's callback spool), owned by uid 1000 so a
# volume mounted there (compose named volume, k8s PVC with fsGroup 1000) starts writable.
RUN mkdir -p /var/lib/textback/callback-spool && chown -R 1000:1000 /var/lib/textback
USER 1000:1000
# /health/live answers while the process runs (no dependency checked); HTTP_PORT is set per target.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS telephony-ingest
# The callback spool lives outside the read-only app files; mount a persistent volume there (docs/operations.md).
ENV HTTP_PORT=3001 \
    CALLBACK_SPOOL_DIR=/var/lib/textback/callback-spool
EXPOSE 3001
CMD ["node", "dist/services/telephony-ingest/src/main.js"]

FROM runtime AS messaging
ENV HTTP_PORT=3002
EXPOSE 3002
CMD ["node", "dist/services/messaging/src/main.js"]

FROM runtime AS conversation-ai
ENV HTTP_PORT=3003
EXPOSE 3003
CMD ["node", "dist/services/conversation-ai/src/main.js"]

FROM runtime AS lead-crm
ENV HTTP_PORT=3004
EXPOSE 3004
CMD ["node", "dist/services/lead-crm/src/main.js"]

FROM runtime AS scheduling
ENV HTTP_PORT=3005
EXPOSE 3005
CMD ["node", "dist/services/scheduling/src/main.js"]

FROM runtime AS reporting
ENV HTTP_PORT=3006
EXPOSE 3006
CMD ["node", "dist/services/reporting/src/main.js"]

# The staff console: its API and the web app Vite built into dist/services/console/web.
FROM runtime AS console
ENV HTTP_PORT=3007
EXPOSE 3007
CMD ["node", "dist/services/console/src/main.js"]

# One-off migration job (docker compose `migrate`, the k8s Job): every service's schema under an
# advisory lock, then exit 0.
FROM runtime AS migrate
HEALTHCHECK NONE
CMD ["node", "dist/tools/cli/src/textback.js", "migrate", "all"]

# Local Bandwidth stand-in for `docker compose --profile carrier up` (never deployed to k8s).
# Its entrypoint is built by the messaging work (libs/testing/src/bandwidth-stand-in).
FROM runtime AS carrier-stand-in
ENV HTTP_PORT=4010
EXPOSE 4010
HEALTHCHECK NONE
CMD ["node", "dist/tools/carrier-stand-in/src/main.js"]

# The operator CLI: docker run --rm textback/cli migrate messaging --revert 1
FROM runtime AS cli
HEALTHCHECK NONE
ENTRYPOINT ["node", "dist/tools/cli/src/textback.js"]
CMD ["--help"]
