# The reference server as an image: `docker build -t chatconform-reference .` then
# `docker run --rm -p 8000:8000 -e CHATCONFORM_PROFILE=medmapp chatconform-reference`.
# tools/build-image.sh builds the same image without a registry; it copies this file's ENV, EXPOSE, LABEL,
# USER, WORKDIR, ENTRYPOINT and CMD lines, so keep each of those on one line.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
USER node
ENV NODE_ENV=production CHATCONFORM_PROFILE=medmapp CHATCONFORM_HOST=0.0.0.0 CHATCONFORM_PORT=8000 CHATCONFORM_TARGET_OUT=/tmp/chatconform-target.json
EXPOSE 8000
LABEL org.opencontainers.image.title="chatconform reference server" dev.chatconform.target-file="/tmp/chatconform-target.json"
ENTRYPOINT ["node", "docker/entrypoint.js"]
CMD []
