package dev.overlay.config;

import dev.overlay.engine.OverlayNode;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the overlay engine before the web server and stops it after: the API never sees an engine
 * that is not running. Spring publishes readiness {@code REFUSING_TRAFFIC} when the context starts
 * closing, before this stop runs.
 *
 * <p>Threading: Spring calls start and stop from one thread.
 */
final class EngineLifecycle implements SmartLifecycle {

    /** Before the web server (which starts at DEFAULT_PHASE - 2048) and stops after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final OverlayNode node;
    private volatile boolean running;

    EngineLifecycle(OverlayNode node) {
        this.node = node;
    }

    @Override
    public void start() {
        node.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        node.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
