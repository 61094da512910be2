package dev.overlay.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

/**
 * Runs a container test class only where it can run, and says why not otherwise: a Docker engine
 * must answer (Testcontainers looks at {@code DOCKER_HOST}, then the usual sockets), the base image
 * must already be in the engine (the tests never pull: no registry is reachable on the CI machines),
 * and the jar that {@code ./mvnw package} made must exist (the image is assembled from it).
 *
 * <p>The base image is the system property {@code overlay.docker.base-image} or else the environment
 * variable {@code OVERLAY_DOCKER_BASE_IMAGE}, by default the Dockerfile's own default
 * {@code eclipse-temurin:17-jre-noble}; {@code scripts/docker-base} builds a stand-in.
 */
final class DockerEngine implements ExecutionCondition {

    static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre-noble";

    static String baseImage() {
        String configured = System.getProperty("overlay.docker.base-image",
                System.getenv().getOrDefault("OVERLAY_DOCKER_BASE_IMAGE", ""));
        return configured.isBlank() ? DEFAULT_BASE_IMAGE : configured;
    }

    /** The repackaged jar of this build, handed over by failsafe as {@code overlay.jar}. */
    static Path jar() {
        return Path.of(System.getProperty("overlay.jar", "target/overlay-node.jar"));
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return missing().map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("Docker engine, base image and jar present"));
    }

    private static Optional<String> missing() {
        if (!Files.isRegularFile(jar())) {
            return Optional.of("no packaged jar at " + jar() + ": container tests run after `./mvnw package`");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("no Docker engine answers (DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                    + "): container tests skipped; .ci/run starts one where it runs as root with apt");
        }
        try {
            client().inspectImageCmd(baseImage()).exec();
        } catch (NotFoundException e) {
            return Optional.of("base image " + baseImage() + " is not in the Docker engine and the tests never pull:"
                    + " run scripts/docker-base (stand-in from Debian packages) or docker pull it, and set"
                    + " OVERLAY_DOCKER_BASE_IMAGE");
        }
        return Optional.empty();
    }
}
