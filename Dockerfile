# docgap's server (`npm start`): the GitHub App's webhook server and its job workers, in one image.
# Build: docker build -t docgap .   Run: docker run --env-file .env -p 3000:3000 docgap
# The same image runs each role of a split deployment: `docgap web` / `docgap worker` (see compose.yml).

# 1. Build: the TypeScript compiler and the dev dependencies stay in this stage.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Run: production dependencies only, as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY bin ./bin
COPY prompts ./prompts
COPY schema ./schema
COPY app.yml ./
RUN ln -s /app/bin/docgap.js /usr/local/bin/docgap
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "lib/server.js"]
