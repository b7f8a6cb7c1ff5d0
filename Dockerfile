# syntax=docker/dockerfile:1
# celigo-oauth-bot: multi-stage build. Node 22 LTS (better-sqlite3 12 ships/compiles for it).
#   docker build -t celigo-oauth-bot .
#   docker run --env-file .env -p 3000:3000 -v celigo-bot-data:/data celigo-oauth-bot
# scripts/check-docker.sh runs these same build and start commands without a Docker engine.

# --- build: compile TypeScript and the native SQLite module, then drop dev dependencies -------------------
FROM node:22-bookworm-slim AS build
# better-sqlite3 falls back to compiling from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
COPY scripts/bundle-main.mjs ./scripts/
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: only what the app needs, as the unprivileged node user --------------------------------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_URL=sqlite:/data/celigo-bot.sqlite \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/bin ./bin
# The SQLite file lives on a volume owned by the node user (create the directory before declaring it,
# so a fresh named volume inherits the ownership).
RUN mkdir -p /data && chown node:node /data \
 && ln -s /app/bin/celigo-bot.js /usr/local/bin/celigo-bot
VOLUME /data
USER node
EXPOSE 3000
# Slim images have no curl: ask Node itself. /healthz answers 200 while the process is alive.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
# Exec form: node itself is PID 1 and gets SIGTERM (no shell in between); it stops taking work, finishes what
# is in flight and exits 0. The app installs its own SIGTERM handler, so no init process is required.
CMD ["node", "dist/main.js"]
