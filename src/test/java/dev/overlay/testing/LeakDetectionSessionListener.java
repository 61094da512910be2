package dev.overlay.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link RecordingResourceLeakDetector} as Netty's leak detector when the JUnit Platform
 * launcher session opens, i.e. before any test class is loaded.
 *
 * <p>The timing matters: {@code io.netty.buffer.AbstractByteBuf} asks
 * {@link ResourceLeakDetectorFactory#instance()} for its detector in a static initialiser, so a
 * factory installed after the first buffer class has initialised is never consulted. This class
 * must therefore not touch any {@code io.netty.buffer} type.
 *
 * <p>Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class LeakDetectionSessionListener implements LauncherSessionListener {

    private static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    private static final String LEGACY_DISABLE_PROPERTY = "io.netty.noResourceLeakDetection";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingResourceLeakDetector.Factory());
        // The Maven build passes -Dio.netty.leakDetection.level=paranoid. When a test is launched
        // without it (e.g. from an IDE), default to the same level instead of Netty's 1-in-128
        // sampling, so the guard behaves identically; an explicit setting always wins.
        if (System.getProperty(LEVEL_PROPERTY) == null && System.getProperty(LEGACY_DISABLE_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }
}
