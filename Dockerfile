# syntax=docker/dockerfile:1
# recovery-triage in server mode (docs/deploy.md, "Docker"):
#   docker build -t recovery-triage .
#   docker run --rm -p 3000:3000 --env-file docker.env recovery-triage
# The image needs APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET at run time; it
# holds no credentials and no .env (see .dockerignore). Docker reads --env-file values literally
# (no quotes, no \n escapes), so the .env that registration writes does not work there as it is:
# docs/deploy.md makes docker.env from it in one command (the key in base64), or mount the key
# file and set PRIVATE_KEY_PATH.

# Node.js major version: deployments run on 22 or 24 (Node.js 20 is past its end of life).
ARG NODE_VERSION=24

# --- build: every dependency, TypeScript compiled to lib/ -------------------------------------
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script; the package's own `prepare` (the build) runs below,
# once the sources are in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies, the compiled app, a user without privileges ------------
FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY bin ./bin
# Probot's setup reads app.yml; the bot falls back to the bundled form when a repository has none.
COPY app.yml ./
COPY .github/ISSUE_TEMPLATE/account-recovery.yml ./.github/ISSUE_TEMPLATE/account-recovery.yml
# `node` (uid 1000) comes with the official images; the files above stay root's, read-only to it.
USER node
EXPOSE 3000
# Liveness: Probot answers GET /ping with PONG once the server is up. GET /ready (the app can
# authenticate to GitHub) is for a load balancer or Kubernetes readiness probe, not for this.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/start.js"]
