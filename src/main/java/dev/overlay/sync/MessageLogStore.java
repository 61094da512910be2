package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.util.Collection;
import java.util.List;

/**
 * Port: where the {@link MessageLog} keeps its messages across restarts. {@link #append} and
 * {@link #remove} only queue the change and return at once (callers are the relay thread and must not
 * block); implementations write in batches on a thread of their own, in the order called. A crash
 * may lose the last batch; reconciliation fetches it again.
 */
public interface MessageLogStore {

    /** Queues a message for storage. */
    void append(LoggedMessage message);

    /** Queues the removal of messages that left the window. */
    void remove(Collection<MessageId> ids);

    /** Every stored message, in log order. Blocks; called once, at start. */
    List<LoggedMessage> load();
}
