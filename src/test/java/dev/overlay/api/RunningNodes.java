package dev.overlay.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs whole nodes for one test class: each in its own data directory under a temporary root, all
 * stopped (newest first) and the root deleted after the class. Register as a static field with
 * {@code @RegisterExtension} and start nodes in {@code @BeforeAll}.
 */
final class RunningNodes implements BeforeAllCallback, AfterAllCallback {

    private final List<RunningNode> started = new ArrayList<>();
    private Path root;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("overlay-nodes");
    }

    /** Starts a node in data directory {@code name}; {@code overrides} are {@code --name=value} arguments. */
    RunningNode start(String name, String... overrides) {
        return startWith(new Class<?>[0], name, overrides);
    }

    /** Starts a node that also has the given components (see {@link RunningNode#startWith}). */
    RunningNode startWith(Class<?>[] components, String name, String... overrides) {
        RunningNode node = RunningNode.startWith(components, root.resolve(name), overrides);
        started.add(node);
        return node;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
