package dev.overlay.testing;

import dev.overlay.testing.LeakReports.LeakReport;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked resource while it ran.
 *
 * <p>Registered for every test class through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}.
 * Works together with {@link LeakDetectionSessionListener}, which routes Netty's reports into
 * {@link LeakReports}.
 */
public class LeakDetectionExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        LeakDetection.surfacePendingLeaks();
        List<LeakReport> leaks = LeakReports.drain(); // drained, so one leak fails one class only
        if (!leaks.isEmpty()) {
            throw new AssertionError(describe(context.getRequiredTestClass(), leaks));
        }
    }

    private static String describe(Class<?> testClass, List<LeakReport> leaks) {
        StringBuilder message = new StringBuilder()
                .append("Netty reported ").append(leaks.size()).append(" leaked resource(s) while ")
                .append(testClass.getName()).append(" ran (or, if garbage collection was late, shortly before).")
                .append(" Every ByteBuf / ReferenceCounted object must be released exactly once by its last owner;")
                .append(" see https://netty.io/wiki/reference-counted-objects.html");
        for (int i = 0; i < leaks.size(); i++) {
            message.append(System.lineSeparator()).append(System.lineSeparator())
                    .append('#').append(i + 1).append(' ').append(leaks.get(i));
        }
        return message.toString();
    }
}
