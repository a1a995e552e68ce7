# Cantine service image: docker compose up (see docker-compose.yml), or
#   docker build -t cantine . && docker run -p 3000:3000 -v cantine-data:/app/data cantine
# which runs with the embedded stores (SQLite, embedded broker) under /app/data.

# Node.js 24, an LTS line (22 works too: package.json "engines").
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; these build it from source when none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# config/ (site files) may be empty in a fresh clone, which git does not keep: make sure it exists.
RUN npm run build \
 && npm prune --omit=dev \
 && mkdir -p config

FROM node:24-bookworm-slim
# MALLOC_ARENA_MAX, --max-old-space-size and --heap-growing-percent: the runtime settings of apps/api/src/runtime.ts.
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data \
    MALLOC_ARENA_MAX=2
WORKDIR /app
# package.json holds "type": "module" and the "#domain"/"#protocol" import maps used at run time.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
CMD ["node", "--max-old-space-size=1024", "--heap-growing-percent=30", "dist/apps/api/src/main.js"]
