package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import dev.overlay.relay.ReceivedMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Every message this node published or delivered within the retention window, in two orders: log
 * order (delivery, for the API and resumed streams) and (timestamp, id) order (for reconciliation).
 * Durable through a {@link MessageLogStore}, loaded from it at start.
 *
 * <p>Threading: mutations ({@link #append}, {@link #prune}) take this object's lock, so the relay
 * thread appending and a timer pruning never interleave; nothing under it blocks (the store only
 * queues). Reads use the concurrent indexes without the lock, and may see a message being appended
 * or pruned in one index and not yet in the other.
 */
public final class MessageLog {

    private final MessageLogStore store;
    private final LogLimits limits;
    private final Clock clock;
    private final ConcurrentSkipListMap<Long, LoggedMessage> bySeq = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<SyncItem, LoggedMessage> byItem = new ConcurrentSkipListMap<>();
    private final Map<MessageId, LoggedMessage> byId = new ConcurrentHashMap<>();
    private volatile long bytes;
    private long nextSeq = 1;

    private MessageLog(MessageLogStore store, LogLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /** Opens the log on what {@code store} holds, dropping what is outside the limits now. */
    public static MessageLog open(MessageLogStore store, LogLimits limits, Clock clock) {
        MessageLog log = new MessageLog(store, limits, clock);
        synchronized (log) {
            for (LoggedMessage message : store.load()) {
                log.index(message);
                log.nextSeq = Math.max(log.nextSeq, message.seq() + 1);
            }
        }
        log.prune();
        return log;
    }

    /** Logs a delivered message; empty if it is logged already or is older than the window. */
    public synchronized Optional<LoggedMessage> append(ReceivedMessage received) {
        if (byId.containsKey(received.message().id())
                || received.message().timestamp().isBefore(horizon(clock.instant()))) {
            return Optional.empty();
        }
        LoggedMessage message = new LoggedMessage(nextSeq++, received);
        index(message);
        store.append(message);
        if (bytes > limits.maxBytes() || byId.size() > limits.maxMessages()) {
            prune();
        }
        return byId.containsKey(received.message().id()) ? Optional.of(message) : Optional.empty();
    }

    private void index(LoggedMessage message) {
        bySeq.put(message.seq(), message);
        byItem.put(message.item(), message);
        byId.put(message.message().id(), message);
        bytes += message.bytes();
    }

    /** Drops messages older than the retention, then the oldest while over the count or byte bound. */
    public synchronized void prune() {
        Instant horizon = horizon(clock.instant());
        List<MessageId> removed = new ArrayList<>();
        while (!byItem.isEmpty()) {
            LoggedMessage oldest = byItem.firstEntry().getValue();
            boolean expired = oldest.message().timestamp().isBefore(horizon);
            if (!expired && byId.size() <= limits.maxMessages() && bytes <= limits.maxBytes()) {
                break;
            }
            byItem.pollFirstEntry();
            bySeq.remove(oldest.seq());
            byId.remove(oldest.message().id());
            bytes -= oldest.bytes();
            removed.add(oldest.message().id());
        }
        if (!removed.isEmpty()) {
            store.remove(removed);
        }
    }

    private Instant horizon(Instant now) {
        return now.minus(limits.retention());
    }

    /** The start of the retention window now. */
    public Instant horizon() {
        return horizon(clock.instant());
    }

    /**
     * Whether the log is within 5% of its count or byte bound: then those bounds, not the retention,
     * decide what it keeps, and reconciling below {@link #oldest} would only fetch what is dropped again.
     */
    public boolean isFull() {
        return byId.size() >= limits.maxMessages() - limits.maxMessages() / 20
                || bytes >= limits.maxBytes() - limits.maxBytes() / 20;
    }

    public boolean contains(MessageId id) {
        return byId.containsKey(id);
    }

    public Optional<LoggedMessage> find(MessageId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The logged messages in (timestamp, id) order: a live, read-only view for reconciliation. */
    public NavigableSet<SyncItem> items() {
        return Collections.unmodifiableNavigableSet(byItem.keySet());
    }

    /** Messages after {@code seq} in log order, lazily: messages logged while iterating are included. */
    public Iterator<LoggedMessage> after(long seq) {
        return bySeq.tailMap(seq, false).values().iterator();
    }

    /** Up to {@code limit} messages after {@code seq} that pass {@code filter}, in log order. */
    public List<LoggedMessage> after(long seq, Predicate<LoggedMessage> filter, int limit) {
        List<LoggedMessage> page = new ArrayList<>();
        for (Iterator<LoggedMessage> it = after(seq); it.hasNext() && page.size() < limit; ) {
            LoggedMessage message = it.next();
            if (filter.test(message)) {
                page.add(message);
            }
        }
        return page;
    }

    /** Up to {@code limit} of the newest messages that pass {@code filter}, newest first. */
    public List<LoggedMessage> newest(Predicate<LoggedMessage> filter, int limit) {
        List<LoggedMessage> page = new ArrayList<>();
        for (LoggedMessage message : bySeq.descendingMap().values()) {
            if (page.size() >= limit) {
                break;
            }
            if (filter.test(message)) {
                page.add(message);
            }
        }
        return page;
    }

    /** The seq of the newest message, 0 when empty. */
    public long lastSeq() {
        Map.Entry<Long, LoggedMessage> last = bySeq.lastEntry();
        return last == null ? 0 : last.getKey();
    }

    /** The message with the oldest timestamp. */
    public Optional<LoggedMessage> oldest() {
        Map.Entry<SyncItem, LoggedMessage> first = byItem.firstEntry();
        return first == null ? Optional.empty() : Optional.of(first.getValue());
    }

    /** The first message in log order. */
    public Optional<LoggedMessage> first() {
        Map.Entry<Long, LoggedMessage> first = bySeq.firstEntry();
        return first == null ? Optional.empty() : Optional.of(first.getValue());
    }

    public int size() {
        return byId.size();
    }

    public long bytes() {
        return bytes;
    }

    public LogLimits limits() {
        return limits;
    }
}
