# Container image for overlay-node.
#
#   docker build -t overlay-node:local .
#
# Kept compatible with the classic (non-BuildKit) builder on purpose: the
# Testcontainers test builds this file through the Docker API, which does not
# use BuildKit. So: no `RUN --mount`, no heredocs, no `COPY --chmod`.

# ---------------------------------------------------------------------------
# Build stage: compile with the Maven wrapper and split the fat jar into layers
# ---------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /build

# Build files first: this layer (and the dependency download below) is reused
# from the cache until pom.xml or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
# go-offline does not catch everything (e.g. the protoc binary the protobuf
# plugin fetches at generate time), so the package step below stays online.
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src/ src/
# Package (tests run outside the image), then split the fat jar with Spring
# Boot's "tools" jar mode. Without --launcher this gives the layout the Boot 4
# docs recommend (application.jar whose manifest Class-Path points at
# lib/*.jar, started with `java -jar`; CDS and AOT-cache friendly), divided
# into the four layer directories dependencies/, spring-boot-loader/,
# snapshot-dependencies/ and application/. All four are created even when
# empty, so the COPYs below never fail.
RUN ./mvnw -B package -DskipTests \
    && cp target/overlay-node-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# ---------------------------------------------------------------------------
# Runtime stage: JRE only, non-root
# ---------------------------------------------------------------------------
FROM eclipse-temurin:17-jre-noble

# The HEALTHCHECK uses curl. The Temurin Ubuntu images ship curl today, but
# only "for historical reasons" (adoptium/containers#255); install it if a
# future base image drops it, so the health check cannot silently break.
RUN if ! command -v curl >/dev/null 2>&1; then \
        apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*; \
    fi

# Fixed uid/gid so volume ownership is predictable across rebuilds and hosts.
# /data must exist and be owned by that user *before* VOLUME, so that a new
# named volume is initialised with this ownership. /app stays root-owned
# (read-only for the app).
ARG APP_UID=10001
RUN groupadd --system --gid "${APP_UID}" overlay \
    && useradd --system --uid "${APP_UID}" --gid overlay \
        --home-dir /app --no-create-home --shell /usr/sbin/nologin overlay \
    && mkdir -p /app /data \
    && chown overlay:overlay /data

WORKDIR /app
# Least-often-changing layer first, the application's own classes last.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

ENV OVERLAY_DATA_DIR=/data
VOLUME /data

# 8080: REST API + actuator (server.port); 51235: TLS peer port (overlay.peer-port).
EXPOSE 8080 51235

USER overlay

# Shell form so SERVER_PORT, if overridden at run time, is honoured.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health" >/dev/null || exit 1

# Exec form: java is PID 1 and receives SIGTERM directly, so Spring Boot's
# graceful shutdown runs on `docker stop`. Extra JVM flags can be passed with
# JAVA_TOOL_OPTIONS; application settings with environment variables
# (OVERLAY_NETWORK_ID, OVERLAY_FIXED_PEERS, OVERLAY_API_TOKEN, ...).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "application.jar"]
