package dev.overlay.engine;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a piece of core state (the relay, discovery): every read and write of that
 * state is a task here, so the state needs no locks. A failing task is logged and the thread goes on;
 * once stopped, new tasks are dropped ({@link #run}) or fail ({@link #call}).
 *
 * <p>Threading: any thread may hand work in; the tasks run one at a time, in order, on the owner thread.
 */
final class OwnerThread {

    private static final Logger log = LoggerFactory.getLogger(OwnerThread.class);

    private final String name;
    private final ScheduledExecutorService thread;

    OwnerThread(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory(name, true));
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

    void stop() {
        thread.shutdownNow();
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("A task on {} failed", name, e);
        }
    }
}
