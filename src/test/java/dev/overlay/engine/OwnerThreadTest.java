package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OwnerThreadTest {

    private static final int QUEUED = 100;

    /** Whether the thread has stopped taking tasks: a query handed in now fails at once. */
    private static boolean refusesTasks(OwnerThread thread) {
        return thread.call(() -> null).isCompletedExceptionally();
    }

    @Test
    void stopRunsTheTasksQueuedBeforeIt() {
        OwnerThread thread = new OwnerThread("test-owner");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        thread.run(() -> awaitQuietly(release));
        for (int i = 0; i < QUEUED; i++) {
            thread.run(ran::incrementAndGet);
        }

        CompletableFuture<Integer> stopping = CompletableFuture.supplyAsync(thread::stop);
        await().until(() -> refusesTasks(thread));
        release.countDown();

        assertThat(stopping.join()).isZero();
        assertThat(ran).hasValue(QUEUED);
    }

    @Test
    void stopGivesUpAfterItsBoundOnATaskThatNeverEndsAndDropsWhatIsQueuedBehindIt() {
        OwnerThread thread = new OwnerThread("test-owner", Duration.ofMillis(200));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger ran = new AtomicInteger();
        thread.run(() -> {
            started.countDown();
            // Ignores interruption: only the test's cleanup ends it.
            while (never.getCount() > 0) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        });
        thread.run(ran::incrementAndGet);
        awaitQuietly(started);

        try {
            assertThat(thread.stop()).isEqualTo(1);
            await().untilTrue(interrupted);
            assertThat(ran).hasValue(0);
        } finally {
            never.countDown();
        }
    }

    @Test
    void stopDropsAPeriodicTaskNotYetDueInsteadOfWaitingForIt() {
        OwnerThread thread = new OwnerThread("test-owner", Duration.ofHours(1));
        AtomicInteger ran = new AtomicInteger();
        thread.every(Duration.ofHours(1), Duration.ofHours(1), ran::incrementAndGet);

        assertThat(thread.stop()).isZero();
        assertThat(ran).hasValue(0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
