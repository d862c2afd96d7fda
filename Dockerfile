# syntax=docker/dockerfile:1
# landmatch production image: the API bundled by esbuild and the map UI built by Vite in a
# build stage (with the dev dependencies), then a runtime stage with production dependencies
# only, run as the unprivileged `node` user with plain `node` (no TypeScript loader).
#
#   docker build -t landmatch .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… landmatch
#
# Without DATABASE_URL the container runs the embedded PostGIS in /data (a volume); it seeds the
# demo data and demo accounts, and so listens on 127.0.0.1 only unless HOST is set (README).
# Node 22 LTS (Node 20 reached its end of life in April 2026; package.json asks for >= 20).
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
# As `npm start`: buffers over 128 kB go straight to mmap and back to the system when freed,
# instead of leaving ~90 MB of holes in the malloc heap after the embedded engine starts
# (docs/scaling.md, "Memory of the embedded engine").
ENV MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# What the compiled code reads at run time: its bundles (with the tile SQL and PDF basemap
# beside them), the built UI, the demo seed and the project templates; package.json (above)
# marks the project root and gives the OpenAPI version.
COPY --from=build /app/dist ./dist
COPY --from=build /app/map-ui/dist ./map-ui/dist
COPY geodata/seed ./geodata/seed
COPY geodata/templates ./geodata/templates
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Operator commands: docker compose exec app node dist/scripts/<user-create|token-create|import|…>.js
CMD ["node", "dist/api/main.js"]
