# syntax=docker/dockerfile:1.7
#
# One image per TaskSensei process, from one Dockerfile: pick the process with SERVICE.
#
#   docker build --platform linux/amd64 --build-arg SERVICE=gateway \
#     -t registry.example.com/tasksensei/gateway:0.1.0 .
#
# SERVICE is one of gateway, auth, users, files, chat, billing (see docs/operations.md).
# The dev cluster's DynamoDB stand-in is its own image: `--target dev-dynalite`.
#
# Stages:
#   manifests     package.json files + lockfile only, so the dependency layers stay cached
#                 until a manifest changes
#   sources       every dependency (dev ones too) and the sources
#   build         `tsc -b` of the chosen service (and the libs it references)
#   prod-deps     the production dependencies of that one service and of the libs it uses,
#                 nothing else (no emulator, no TypeScript, no optional or peer package), plus
#                 its SBOM (`npm sbom`, CycloneDX)
#   node-runtime  the Node image less npm, npx, corepack and yarn
#   runtime       one layer of node-runtime (so no layer carries npm), the service's node_modules
#                 and compiled code, USER 1000
#
# deploy/test/manifests.spec.ts checks this file, and computes from package-lock.json what each
# service's prod-deps stage installs (docs/operations.md#build-and-push-the-images).

ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
WORKDIR /app

FROM base AS manifests
COPY package.json package-lock.json .npmrc ./
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

FROM manifests AS sources
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs/ libs/
COPY services/ services/
COPY apps/ apps/

FROM sources AS build
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
# same place as in the repository.
RUN set -eu; \
    if [ "${SERVICE}" = gateway ] && [ -f apps/web/index.html ]; then \
      npm run build --workspace apps/web; \
      mkdir -p /out/apps/web; \
      cp apps/web/package.json /out/apps/web/; \
      cp -R apps/web/dist /out/apps/web/; \
    fi

FROM manifests AS prod-deps
ARG SERVICE
# Only this service's production tree: its own dependencies and those of the workspace libs it
# depends on (linked under node_modules/@tasksensei). --omit=optional drops the Chroma server's
# native bindings (optional for the chromadb client and for libs/devstack; chat only uses the
# client) and --omit=peer TypeScript (an optional peer of @nestjs/swagger). No install script runs.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --omit=optional --omit=peer --ignore-scripts --workspace "services/${SERVICE}"
# From the lockfile: the root workspace lists dev tools this stage has not installed.
RUN npm sbom --package-lock-only --omit=dev --omit=optional --omit=peer --workspace "services/${SERVICE}" --sbom-format cyclonedx --sbom-type application > /sbom.cdx.json
# The workspaces' manifests stay (npm's symlinks point at them); the code comes from build.
RUN set -eu; \
    for dir in libs/devstack apps services/*; do \
      case "${dir}" in "services/${SERVICE}") ;; *) rm -rf "${dir}" ;; esac; \
    done

FROM ${NODE_IMAGE} AS node-runtime
# The runtime needs the node binary only: no package manager in the image.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* /usr/local/include/node /root/.npm \
    && node -e "process.exit(0)"

# ── Dev cluster only: dynalite, the local stack's DynamoDB, as its own image ──────────────────
#   docker build --target dev-dynalite -t tasksensei/dev-dynalite:0.1.0 .
FROM sources AS devstack-build
RUN npx tsc -b libs/devstack/tsconfig.json

FROM manifests AS dev-dynalite-deps
# libs/devstack's production tree (dynalite and its LevelDB binding), less the Chroma server
# (an optional dependency).
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --omit=optional --omit=peer --workspace libs/devstack

FROM scratch AS dev-dynalite
COPY --from=node-runtime / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production
WORKDIR /app
COPY --from=dev-dynalite-deps /app/node_modules/ node_modules/
COPY --from=devstack-build /app/libs/devstack/package.json libs/devstack/
COPY --from=devstack-build /app/libs/devstack/dist/ libs/devstack/dist/
USER 1000:1000
EXPOSE 4567
CMD ["node", "libs/devstack/dist/servers/dynalite.server.js", "--port", "4567", "--path", "/data", "--host", "0.0.0.0"]

# ── The service image (the default target: keep it last) ─────────────────────────────────────
FROM scratch AS runtime
# One layer: what was removed above is in no layer of the image.
COPY --from=node-runtime / /
ARG SERVICE
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="tasksensei-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.description="TaskSensei ${SERVICE} service"
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    TASKSENSEI_SERVICE=${SERVICE}
WORKDIR /app
# Owned by root and read-only for the process user: the app cannot rewrite its own code.
COPY --from=prod-deps /app/ ./
COPY --from=prod-deps /sbom.cdx.json /app/sbom.cdx.json
COPY --from=build /out/ ./
# Numeric, so Kubernetes can verify runAsNonRoot (uid 1000 is the image's `node` user).
USER 1000:1000
WORKDIR /app/services/${SERVICE}
# gateway: 8080 public HTTP, 8090 probes/metrics; services: 8081-8085 probes/metrics.
EXPOSE 8080 8090 8081 8082 8083 8084 8085
# Node is PID 1 and handles SIGTERM itself (Nest shutdown hooks drain NATS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
