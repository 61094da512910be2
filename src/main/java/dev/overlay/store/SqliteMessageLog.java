package dev.overlay.store;

import dev.overlay.identity.NodeId;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.sync.LoggedMessage;
import dev.overlay.sync.MessageLogStore;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The message log in SQLite: table {@code message_log} of migration {@code V4__message_log.sql}, in the
 * node's database file. {@link #append} and {@link #remove} only queue; one writer thread of its own
 * ({@code overlay-message-log}) takes whatever has queued up, up to {@value #MAX_BATCH} changes, and
 * writes it as one transaction, so under load a batch holds many messages and at rest each goes at
 * once. A crash loses at most the batch being written (and whatever was still queued).
 *
 * <p>The queue is bounded ({@value #MAX_QUEUED} changes): if the disk cannot keep up, further appends
 * are dropped and counted ({@link #dropped()}) rather than holding memory without bound; such a
 * message is then only in memory and is lost to a restart.
 *
 * <p><b>Threading:</b> {@link #append} and {@link #remove} from any thread (a concurrent queue);
 * the writer thread alone writes; {@link #load} blocks on SQLite and runs at start, before any append.
 */
public final class SqliteMessageLog implements MessageLogStore, AutoCloseable {

    static final int MAX_BATCH = 512;
    static final int MAX_QUEUED = 100_000;
    private static final Logger log = LoggerFactory.getLogger(SqliteMessageLog.class);

    private static final String INSERT = """
            INSERT OR IGNORE INTO message_log
                (seq, id, origin, topic, sequence, timestamp, payload, signature, received_at, from_peer)
            VALUES (:seq, :id, :origin, :topic, :sequence, :timestamp, :payload, :signature, :receivedAt, :fromPeer)
            """;

    private sealed interface Change permits Append, Remove, Flush {
    }

    private record Append(LoggedMessage message) implements Change {
    }

    private record Remove(Collection<MessageId> ids) implements Change {
    }

    /** Marks a point in the queue; the writer counts it down once everything before it is written. */
    private record Flush(CountDownLatch done) implements Change {
    }

    private final SqliteDatabase database;
    private final int maxPayloadSize;
    private final BlockingQueue<Change> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    private SqliteMessageLog(SqliteDatabase database, int maxPayloadSize) {
        this.database = Objects.requireNonNull(database, "database");
        this.maxPayloadSize = maxPayloadSize;
        this.writer = new Thread(this::writeLoop, "overlay-message-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** A log in {@code database}; messages with larger payloads than {@code maxPayloadSize} are not loaded. */
    public static SqliteMessageLog in(SqliteDatabase database, int maxPayloadSize) {
        return new SqliteMessageLog(database, maxPayloadSize);
    }

    @Override
    public void append(LoggedMessage message) {
        if (closing || !queue.offer(new Append(message))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void remove(Collection<MessageId> ids) {
        if (!closing && !queue.offer(new Remove(List.copyOf(ids)))) {
            // Left behind, the rows are dropped at the next start when they are found outside the window.
            log.debug("Message log queue full; {} removals deferred to the next start", ids.size());
        }
    }

    @Override
    public List<LoggedMessage> load() {
        return database.read(jdbc -> jdbc.sql("SELECT * FROM message_log ORDER BY seq")
                .query((rs, row) -> row(rs)).list()).stream().flatMap(Optional::stream).toList();
    }

    private Optional<LoggedMessage> row(ResultSet rs) throws SQLException {
        try {
            SignedMessage message = SignedMessage.fromWire(rs.getBytes("origin"), rs.getString("topic"),
                    rs.getLong("sequence"), rs.getLong("timestamp"), rs.getBytes("payload"), rs.getBytes("signature"),
                    maxPayloadSize);
            String from = rs.getString("from_peer");
            return Optional.of(new LoggedMessage(rs.getLong("seq"), new ReceivedMessage(message,
                    Instant.ofEpochMilli(rs.getLong("received_at")),
                    from == null ? Optional.empty() : Optional.of(NodeId.parse(from)))));
        } catch (IllegalArgumentException e) {
            // A row a larger payload limit let in, say: skipped, and removed when it leaves the window.
            log.warn("Skipping message log row {}: {}", rs.getLong("seq"), e.getMessage());
            return Optional.empty();
        }
    }

    /** Messages that could not be queued for writing since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Messages written since start. */
    public long written() {
        return written.get();
    }

    /** Waits until everything queued before this call is written, at most {@code timeoutMillis}. */
    public boolean flush(long timeoutMillis) {
        CountDownLatch done = new CountDownLatch(1);
        if (!queue.offer(new Flush(done))) {
            return false;
        }
        try {
            return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeLoop() {
        List<Change> batch = new ArrayList<>(MAX_BATCH);
        while (!(closing && queue.isEmpty())) {
            try {
                Change first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Could not write {} message log change(s)", batch.size(), e);
            } finally {
                batch.forEach(change -> {
                    if (change instanceof Flush flush) {
                        flush.done().countDown();
                    }
                });
                batch.clear();
            }
        }
    }

    private void write(List<Change> batch) {
        database.write(jdbc -> {
            for (Change change : batch) {
                if (change instanceof Append append) {
                    insert(jdbc, append.message());
                } else if (change instanceof Remove remove) {
                    for (MessageId id : remove.ids()) {
                        jdbc.sql("DELETE FROM message_log WHERE id = ?").param(bytes(id)).update();
                    }
                }
            }
            return null;
        });
    }

    private void insert(JdbcClient jdbc, LoggedMessage logged) {
        SignedMessage m = logged.message();
        jdbc.sql(INSERT)
                .param("seq", logged.seq())
                .param("id", bytes(m.id()))
                .param("origin", m.origin().publicKey())
                .param("topic", m.topic())
                .param("sequence", m.sequence())
                .param("timestamp", m.timestamp().toEpochMilli())
                .param("payload", m.payload())
                .param("signature", m.signature())
                .param("receivedAt", logged.received().receivedAt().toEpochMilli())
                .param("fromPeer", logged.received().fromPeer().map(NodeId::hex).orElse(null))
                .update();
        written.incrementAndGet();
    }

    private static byte[] bytes(MessageId id) {
        return ByteBuffer.allocate(32).putLong(id.a()).putLong(id.b()).putLong(id.c()).putLong(id.d()).array();
    }

    /** Writes what is queued, then stops the writer. Call before the database closes. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
