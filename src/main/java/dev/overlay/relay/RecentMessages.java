package dev.overlay.relay;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The most recent locally delivered messages, newest first, bounded.
 *
 * <p>Threading: only the relay thread adds; any thread reads (the deque is concurrent, and a reader
 * may see one message more or less than the bound while an add is in progress).
 */
public final class RecentMessages {

    private final int capacity;
    private final ConcurrentLinkedDeque<ReceivedMessage> messages = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    public RecentMessages(int capacity) {
        this.capacity = capacity;
    }

    void add(ReceivedMessage message) {
        messages.addFirst(message);
        if (size.incrementAndGet() > capacity) {
            messages.pollLast();
            size.decrementAndGet();
        }
    }

    /** Up to {@code limit} messages, newest first, optionally of one topic only. */
    public List<ReceivedMessage> recent(Optional<String> topic, int limit) {
        Stream<ReceivedMessage> all = messages.stream();
        return (topic.isPresent() ? all.filter(m -> m.message().topic().equals(topic.get())) : all)
                .limit(limit)
                .toList();
    }
}
