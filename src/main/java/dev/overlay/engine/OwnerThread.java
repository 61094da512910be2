package dev.overlay.engine;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a piece of core state (the relay, sync, discovery): every read and write of
 * that state is a task here, so the state needs no locks. A failing task is logged and the thread goes
 * on; once stopped, new tasks are dropped ({@link #run}) or fail ({@link #call}), while the tasks
 * already queued still run (see {@link #stop}).
 *
 * <p>Threading: any thread may hand work in; the tasks run one at a time, in order, on the owner thread.
 */
final class OwnerThread {

    /**
     * How long {@link #stop} waits for the tasks queued before it: ample for a relay queue of many
     * thousand deliveries, and short enough that a stuck task cannot hold up a node's stop for long.
     */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(OwnerThread.class);

    private final String name;
    private final Duration drainTimeout;
    private final ScheduledThreadPoolExecutor thread;

    OwnerThread(String name) {
        this(name, DRAIN_TIMEOUT);
    }

    OwnerThread(String name, Duration drainTimeout) {
        this.name = name;
        this.drainTimeout = drainTimeout;
        this.thread = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory(name, true));
        // A periodic task not yet due has nothing queued to finish: a stop drops it rather than wait.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the owner thread, without waiting for it. */
    void run(Runnable task) {
        try {
            thread.execute(() -> guarded(task));
        } catch (RejectedExecutionException stopping) {
            log.debug("{} stopped; dropped a task", name);
        }
    }

    /** Runs {@code task} on the owner thread; completes when it ran, or exceptionally if it could not. */
    CompletableFuture<Void> submit(Runnable task) {
        return call(() -> {
            task.run();
            return null;
        });
    }

    /** Runs a query on the owner thread, which owns the state it reads. */
    <T> CompletableFuture<T> call(Callable<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(query.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(new NodeStoppingException());
        }
        return result;
    }

    /** Runs {@code task} every {@code interval}, the first time after {@code initialDelay}. */
    void every(Duration initialDelay, Duration interval, Runnable task) {
        thread.scheduleWithFixedDelay(() -> guarded(task), initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Takes no more tasks, runs those already queued (a delivery whose log append is queued, say) and
     * waits for them up to the drain timeout; periodic and not yet due tasks are dropped. What is still
     * queued after the timeout is dropped, and the running task interrupted. Blocks: call it from the
     * lifecycle thread, never from an event loop or from this thread itself.
     *
     * @return how many queued tasks were dropped at the timeout
     */
    int stop() {
        thread.shutdown();
        try {
            if (thread.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int dropped = thread.shutdownNow().size();
        log.warn("{} did not finish its queued tasks within {}: dropped {} and interrupted the running one",
                name, drainTimeout, dropped);
        return dropped;
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("A task on {} failed", name, e);
        }
    }
}
