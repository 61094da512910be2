package dev.overlay.config;

import dev.overlay.discovery.FixedPeers;
import dev.overlay.engine.OverlayEngine;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the overlay engine before the web server and stops it after: the API never sees an engine
 * that is not running. Spring publishes readiness {@code REFUSING_TRAFFIC} when the context starts
 * closing, before this stop runs. Also drives the fixed-peer dialer on its own thread, which owns
 * {@link FixedPeers}.
 *
 * <p>Threading: Spring calls start and stop from one thread.
 */
final class EngineLifecycle implements SmartLifecycle {

    /** Before the web server (which starts at DEFAULT_PHASE - 2048) and stops after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final Logger log = LoggerFactory.getLogger(EngineLifecycle.class);
    private static final long FIXED_PEER_TICK_MILLIS = 1_000;

    private final OverlayEngine engine;
    private final FixedPeers fixedPeers;
    private ScheduledExecutorService discoveryThread;
    private volatile boolean running;

    EngineLifecycle(OverlayEngine engine, FixedPeers fixedPeers) {
        this.engine = engine;
        this.fixedPeers = fixedPeers;
    }

    @Override
    public void start() {
        engine.start();
        discoveryThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "overlay-discovery");
            thread.setDaemon(true);
            return thread;
        });
        discoveryThread.scheduleWithFixedDelay(this::tickFixedPeers, 0, FIXED_PEER_TICK_MILLIS, TimeUnit.MILLISECONDS);
        running = true;
    }

    private void tickFixedPeers() {
        try {
            fixedPeers.tick();
        } catch (RuntimeException e) {
            log.warn("Fixed-peer maintenance failed; retrying on the next tick", e);
        }
    }

    @Override
    public void stop() {
        running = false;
        discoveryThread.shutdownNow();
        engine.stop();
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
