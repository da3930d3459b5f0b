# syntax=docker/dockerfile:1
# The image of every Tasker service (`tasker topology`, `tasker runner`, `tasker examples-subscribers`, the CLI):
#   docker build -t tasker .            (docker compose builds it: see README "Deploy with docker compose")
#   docker run --rm tasker --help

# ---- build: Maven + Temurin 17 ------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, from the poms only: this layer is rebuilt only when a pom changes, not on every source edit.
COPY pom.xml ./
COPY kafka-support/pom.xml kafka-support/
COPY telemetry/pom.xml telemetry/
COPY event-schemas/pom.xml event-schemas/
COPY templates/pom.xml templates/
COPY infra/pom.xml infra/
COPY topology/pom.xml topology/
COPY step-runner/pom.xml step-runner/
COPY subscriber-sdk/pom.xml subscriber-sdk/
COPY examples/pom.xml examples/
COPY launcher/pom.xml launcher/
# Best effort: go-offline cannot know the plugins a phase resolves lazily; `package` below downloads whatever is left.
RUN mvn -B -q -Pdocker dependency:go-offline -DexcludeReactor=true \
    || echo "dependency:go-offline incomplete; mvn package downloads the rest"
COPY . .
# -Pdocker: the launcher's runtime dependencies as jars in launcher/target/lib (see launcher/pom.xml)
RUN mvn -B -DskipTests -Pdocker -pl launcher -am package \
    && mkdir -p /out/lib \
    && cp launcher/target/lib/*.jar /out/lib/ \
    && cp launcher/target/launcher-*.jar /out/lib/

# ---- runtime: JRE 17, non-root -------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
# curl: the compose health checks (`curl -fsS http://localhost:PORT/health...`)
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# /var/lib/tasker/*: where the compose file mounts the named volumes; a new named volume takes the ownership of the
# image's directory, so the non-root user can write the topology's RocksDB state and the subscribers' files.
RUN groupadd --system --gid 10001 tasker \
    && useradd --system --uid 10001 --gid tasker --home-dir /var/lib/tasker --shell /usr/sbin/nologin tasker \
    && mkdir -p /var/lib/tasker/state /var/lib/tasker/subscribers \
    && chown -R tasker:tasker /var/lib/tasker
COPY --from=build /out/lib/ /opt/tasker/lib/
WORKDIR /var/lib/tasker
USER tasker
# The heap is a share of the container's memory limit (the JVM reads the cgroup limit). The topology keeps RocksDB off
# the heap (--rocksdb-block-cache-mb, default 128 MiB), so its service sets a lower share. Replace with e.g. -Xmx512m.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
# `command: ["topology", ...]` in compose (or `docker run tasker runner ...`) are the arguments of `tasker`.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/opt/tasker/lib/*' io.tasker.launcher.Main \"$@\"", "tasker"]
CMD ["--help"]
