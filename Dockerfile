# The batch image: one image for every job kind (AWS Batch runs `main.js <kind> --spec <uri>`).
# Build:  docker build -t cxr-batch:$(git rev-parse --short HEAD) .
# GPU inference uses onnxruntime-node's CUDA 12 execution provider, hence the CUDA/cuDNN runtime base.

# ---- build: compile TypeScript (needs dev dependencies; onnxruntime binaries not needed here) ----
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared ./shared
COPY batch-jobs ./batch-jobs
RUN npx tsc -b batch-jobs

# ---- runtime: CUDA runtime + cuDNN, Node 20, production dependencies only ----
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04 AS runtime
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && mkdir -p /etc/apt/keyrings \
 && curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor -o /etc/apt/keyrings/nodesource.gpg \
 && echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" > /etc/apt/sources.list.d/nodesource.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends nodejs \
 && apt-get purge -y gnupg && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# No .npmrc here: the repo's .npmrc skips the onnxruntime CUDA download, the image wants it.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --onnxruntime-node-install=cuda12 \
 && npm cache clean --force
COPY --from=build /app/dist/shared ./dist/shared
COPY --from=build /app/dist/batch-jobs ./dist/batch-jobs
RUN useradd --uid 1001 --user-group --no-create-home --shell /usr/sbin/nologin cxr \
 && mkdir -p /tmp/cxr && chown cxr:cxr /tmp/cxr
ENV NODE_ENV=production \
    TMPDIR=/tmp/cxr
# Non-root; the Batch job definitions also pin user 1001.
USER 1001:1001
ENTRYPOINT ["node", "/app/dist/batch-jobs/main.js"]
CMD ["--help"]
