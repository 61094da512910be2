package dev.overlay.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * A {@link ResourceLeakDetector} that logs every leak exactly as Netty does and also records it in
 * {@link LeakReports}, so the test run can fail on it instead of leaving it in a log file.
 */
public class RecordingResourceLeakDetector<T> extends ResourceLeakDetector<T> {

    public RecordingResourceLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /**
     * Netty skips reporting altogether (it just empties its reference queue) when its logger has
     * ERROR disabled. Always report, so a quiet logging configuration cannot switch the guard off.
     */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LeakReports.record(resourceType, records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LeakReports.record(resourceType, "");
        super.reportUntracedLeak(resourceType);
    }

    /** Creates a {@link RecordingResourceLeakDetector} for every resource type Netty tracks. */
    public static final class Factory extends ResourceLeakDetectorFactory {

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingResourceLeakDetector<>(resource, samplingInterval);
        }

        /** Required by the abstract base class; Netty no longer uses {@code maxActive}. */
        @Deprecated
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }
    }
}
