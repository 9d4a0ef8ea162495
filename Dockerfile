# raqib image: Node 20 on Debian bookworm with Debian's chromium (for sources with a `browser` layer).
# tini is PID 1: it forwards SIGTERM/SIGINT to node and reaps chromium's children. node runs bin/raqib.js
# directly (no npx/npm in between, which would swallow the signal; it runs the compiled dist/), so `docker stop` triggers raqib's graceful
# shutdown: running jobs finish or go back to the queue within 30 s (compose gives 40 s before SIGKILL).
FROM node:20-bookworm-slim
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prepare-build.mjs scripts/
# `prepare` skips the build here (no sources copied yet) and this layer stays cached until the lockfile changes.
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .
# The compiled CLI (dist/, ignored by .dockerignore so a host build never leaks in): `raqib` starts in ~0.1 s.
RUN npm run build
ENV CHROMIUM_PATH=/usr/bin/chromium NODE_ENV=production
USER node
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/raqib.js"]
CMD ["start"]
