package dev.overlay.container;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The node image, built from the project's {@code Dockerfile} and this build's jar once per test JVM
 * and kept under one tag, so the container test classes share it and a re-run reuses the engine's
 * layer cache. The build context is sent explicitly (the Dockerfile and the jar under the path the
 * Dockerfile's default {@code JAR_FILE} matches), as {@code docker build .} would send it after
 * {@code .dockerignore}. Built through the Docker API, i.e. by the classic builder.
 */
final class OverlayImage {

    static final String TAG = "overlay-node-it:latest";

    private static String built;

    private OverlayImage() {
    }

    static synchronized String tag() {
        if (built == null) {
            Path jar = DockerEngine.jar();
            built = new ImageFromDockerfile(TAG, false)
                    .withFileFromPath("Dockerfile", projectRoot().resolve("Dockerfile"))
                    .withFileFromPath("target/" + jar.getFileName(), jar)
                    .withBuildArg("BASE_IMAGE", DockerEngine.baseImage())
                    .get();
        }
        return built;
    }

    /** Maven runs tests from the module directory; fall back to walking up for IDE runs. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("Dockerfile")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        return dir;
    }
}
