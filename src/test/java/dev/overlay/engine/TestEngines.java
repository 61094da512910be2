package dev.overlay.engine;

import dev.overlay.identity.NodeKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts engines on loopback with ephemeral ports and stops them after each test. Register with
 * {@code @RegisterExtension}.
 */
public final class TestEngines implements AfterEachCallback {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<OverlayEngine> started = new ArrayList<>();

    public static EngineSettings settings(String networkId) {
        return new EngineSettings("127.0.0.1", 0, networkId, 21, 0, 1024 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMillis(200), Duration.ofSeconds(10), 100, Duration.ofMinutes(10),
                Duration.ofSeconds(5), "overlay-node/test");
    }

    public OverlayEngine start() {
        return start(s -> s);
    }

    public OverlayEngine start(UnaryOperator<EngineSettings> customizer) {
        return start(customizer, Clock.systemUTC());
    }

    public OverlayEngine start(UnaryOperator<EngineSettings> customizer, Clock clock) {
        OverlayEngine engine = new OverlayEngine(customizer.apply(settings("test-net")), NodeKey.generate(RANDOM),
                clock, RANDOM);
        engine.start();
        started.add(engine);
        return engine;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(OverlayEngine::stop);
        started.clear();
    }
}
