package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.util.Collection;
import java.util.List;

/**
 * A {@link MessageLogStore} that keeps nothing: the log then lives in memory only and starts empty.
 * For engines without a database (the benchmark harness, embedded tools); a node uses SQLite.
 */
public final class VolatileLogStore implements MessageLogStore {

    @Override
    public void append(LoggedMessage message) {
        // Nothing outlives the process.
    }

    @Override
    public void remove(Collection<MessageId> ids) {
        // Nothing was stored.
    }

    @Override
    public List<LoggedMessage> load() {
        return List.of();
    }
}
