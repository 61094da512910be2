package dev.overlay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.testing.LeakReports.LeakReport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Netty leak detection guard")
class LeakDetectionGuardTest {

    /** Unique per test, attached to the buffer as a touch hint so its report can be told apart. */
    private final String marker = "leak-guard-self-test-" + UUID.randomUUID();

    @AfterEach
    void discardThisTestsReports() {
        // The deliberate leak must not fail this class in LeakDetectionExtension.afterAll.
        LeakReports.discard(mentioningMarker());
    }

    @Test
    @DisplayName("runs Netty's leak detector at paranoid level, so every buffer is tracked")
    void runsAtParanoidLevel() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    @DisplayName("records a pooled buffer that is garbage-collected without being released")
    void recordsLeakedPooledBuffer() {
        leakBuffer(PooledByteBufAllocator.DEFAULT);

        awaitReportMentioningMarker();

        assertThat(LeakReports.snapshot())
                .filteredOn(mentioningMarker())
                .singleElement()
                .satisfies(report -> {
                    assertThat(report.resourceType()).isEqualTo("ByteBuf");
                    assertThat(report.records()).contains("Created at:", getClass().getName() + ".leakBuffer");
                });
    }

    @Test
    @DisplayName("records an unpooled direct buffer that is garbage-collected without being released")
    void recordsLeakedUnpooledDirectBuffer() {
        leakBuffer(UnpooledByteBufAllocator.DEFAULT);

        awaitReportMentioningMarker();

        assertThat(LeakReports.snapshot()).filteredOn(mentioningMarker()).singleElement()
                .extracting(LeakReport::resourceType).isEqualTo("ByteBuf");
    }

    @Test
    @DisplayName("records nothing for a buffer that is released before it becomes unreachable")
    void recordsNothingForReleasedBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64).touch(marker);
        buffer.writeLong(42L);
        assertThat(buffer.release()).as("last reference released").isTrue();
        buffer = null;

        LeakDetection.surfacePendingLeaks();

        assertThat(LeakReports.snapshot()).noneMatch(mentioningMarker());
    }

    /** Allocates in its own frame so that no local variable keeps the buffer reachable afterwards. */
    private void leakBuffer(ByteBufAllocator allocator) {
        ByteBuf buffer = allocator.directBuffer(64).touch(marker);
        buffer.writeLong(42L);
        // Returning without buffer.release(): the buffer is now unreachable and leaked.
    }

    /** Garbage collection is not deterministic; repeat GC + detector polling until the leak shows up. */
    private void awaitReportMentioningMarker() {
        await("Netty leak report for " + marker)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    LeakDetection.surfacePendingLeaks();
                    return LeakReports.snapshot().stream().anyMatch(mentioningMarker());
                });
    }

    private Predicate<LeakReport> mentioningMarker() {
        return report -> report.mentions(marker);
    }
}
