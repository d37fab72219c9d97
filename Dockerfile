# syntax=docker/dockerfile:1
# The same steps as `npm ci && npm run build && npm start`, which CI runs on every change. Only the bot is
# built and shipped: the dev tools under tools/ (simulator, Slack stand-in, demo) and their dependencies are
# npm workspaces, left out with --workspaces=false.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --workspaces=false
COPY tsconfig.base.json tsconfig.build.json ./
COPY tools/build ./tools/build
COPY src ./src
RUN npm run build && rm -rf node_modules && npm ci --omit=dev --workspaces=false

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATABASE_URL=/data/executions-bot.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
