# The scoring server: docker build -t awb-serve . && docker run -p 8080:8080 -v $PWD/model.awb:/models/model.awb:ro awb-serve
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Every dependency, dev ones included: the server is bundled by esbuild at start (a devDependency).
RUN npm ci --include=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json tsconfig.node.json ./
COPY scripts ./scripts
COPY src/engine ./src/engine
COPY src/node ./src/node
# Build the server bundle now, so a container starts in about a second.
RUN node scripts/serve.mjs --build-only && chown -R node:node /app/node_modules/.cache
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["npm", "run", "serve", "--", "/models/model.awb", "--host", "0.0.0.0"]
