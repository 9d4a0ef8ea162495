# raqib image: Node 20 on Debian bookworm with Debian's chromium (for sources with a `browser` layer).
FROM node:20-bookworm-slim
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .
ENV CHROMIUM_PATH=/usr/bin/chromium NODE_ENV=production
USER node
CMD ["npx", "raqib", "start"]
