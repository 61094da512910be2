# Container image for overlay-node, in the layout Spring Boot's reference documentation gives for
# efficient images ("Efficient Container Images": extract the jar's layers, copy each separately).
#
#   ./mvnw -B package -DskipTests          # the jar is built on the host, not in the image
#   docker build -t overlay-node:local .
#   docker build --build-arg BASE_IMAGE=overlay-base:bookworm-jre17 -t overlay-node:local .
#
# No Maven runs inside the image: a build stage would have to download Maven and the dependencies,
# and machines whose containers reach no registry could not build it. BASE_IMAGE is any image with a
# Java 17+ runtime on the PATH, curl (HEALTHCHECK) and groupadd/useradd; scripts/docker-base builds
# such an image from Debian packages where no registry can be reached.
#
# Kept compatible with the classic (non-BuildKit) builder on purpose: the Testcontainers tests build
# this file through the Docker API, which does not use BuildKit. So: no `RUN --mount`, no heredocs,
# no `COPY --chmod`.
ARG BASE_IMAGE=eclipse-temurin:17-jre-noble

# ---------------------------------------------------------------------------
# Extract stage: split the fat jar into Spring Boot's layers
# ---------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS extract
WORKDIR /build
# The repackaged jar from `./mvnw package` (not the *.jar.original). Give JAR_FILE explicitly when
# target/ holds jars of several versions.
ARG JAR_FILE=target/overlay-node-*.jar
COPY ${JAR_FILE} application.jar
# Without --launcher this gives the layout the Boot 4 docs recommend (application.jar whose manifest
# Class-Path points at lib/*.jar, started with `java -jar`; CDS and AOT-cache friendly), divided into
# the four layer directories dependencies/, spring-boot-loader/, snapshot-dependencies/ and
# application/. All four are created even when empty, so the COPYs below never fail.
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# ---------------------------------------------------------------------------
# Runtime stage: JRE only, non-root
# ---------------------------------------------------------------------------
FROM ${BASE_IMAGE}

# The HEALTHCHECK uses curl. The Temurin Ubuntu images ship curl today, but only "for historical
# reasons" (adoptium/containers#255); install it if a future base image drops it, so the health check
# cannot silently break. (The stand-in base image has it, so nothing is fetched there.)
RUN if ! command -v curl >/dev/null 2>&1; then \
        apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*; \
    fi

# Fixed uid/gid so volume ownership is predictable across rebuilds and hosts. /data must exist and be
# owned by that user *before* VOLUME, so that a new named volume is initialised with this ownership.
# /app stays root-owned (read-only for the app).
ARG APP_UID=10001
RUN groupadd --system --gid "${APP_UID}" overlay \
    && useradd --system --uid "${APP_UID}" --gid overlay \
        --home-dir /app --no-create-home --shell /usr/sbin/nologin overlay \
    && mkdir -p /app /data \
    && chown overlay:overlay /data

WORKDIR /app
# Least-often-changing layer first, the application's own classes last: a code change rebuilds and
# ships only the last layer.
COPY --from=extract /build/extracted/dependencies/ ./
COPY --from=extract /build/extracted/spring-boot-loader/ ./
COPY --from=extract /build/extracted/snapshot-dependencies/ ./
COPY --from=extract /build/extracted/application/ ./

ENV OVERLAY_DATA_DIR=/data
VOLUME /data

# 8080: REST API + actuator (server.port); 51235: TLS peer port (overlay.peer-port).
EXPOSE 8080 51235

USER overlay

# Shell form so SERVER_PORT, if overridden at run time, is honoured.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health" >/dev/null || exit 1

# Exec form: java is PID 1 and receives SIGTERM directly, so Spring Boot's graceful shutdown runs on
# `docker stop`. Extra JVM flags can be passed with JAVA_TOOL_OPTIONS; application settings with
# environment variables (OVERLAY_NETWORK_ID, OVERLAY_FIXED_PEERS, OVERLAY_API_TOKEN, ...).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "application.jar"]
