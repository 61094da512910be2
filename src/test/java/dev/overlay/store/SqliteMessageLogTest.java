package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeKey;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.sync.LoggedMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMessageLogTest {

    private static final NodeKey ORIGIN = NodeKey.generate(new SecureRandom());
    private static final NodeKey PEER = NodeKey.generate(new SecureRandom());

    @TempDir
    Path dir;

    private static LoggedMessage logged(long seq, boolean relayed) {
        SignedMessage message = SignedMessage.sign(ORIGIN, "prices/eur", seq, Instant.ofEpochMilli(1_000 + seq),
                ("payload " + seq).getBytes());
        return new LoggedMessage(seq, new ReceivedMessage(message, Instant.ofEpochMilli(2_000 + seq),
                relayed ? Optional.of(PEER.nodeId()) : Optional.empty()));
    }

    @Test
    void whatIsAppendedIsLoadedAfterAReopenInLogOrder() {
        Path file = dir.resolve("overlay.db");
        List<LoggedMessage> messages = List.of(logged(1, false), logged(2, true), logged(3, true));
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            SqliteMessageLog log = SqliteMessageLog.in(database, 1024);
            messages.forEach(log::append);
            log.close();
        }
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            SqliteMessageLog log = SqliteMessageLog.in(database, 1024);
            List<LoggedMessage> loaded = log.load();
            log.close();

            assertThat(loaded).extracting(LoggedMessage::seq).containsExactly(1L, 2L, 3L);
            assertThat(loaded.get(1).message().id()).isEqualTo(messages.get(1).message().id());
            assertThat(loaded.get(1).message().hasValidSignature()).isTrue();
            assertThat(loaded.get(1).received().fromPeer()).contains(PEER.nodeId());
            assertThat(loaded.get(0).received().fromPeer()).isEmpty();
            assertThat(loaded.get(2).received().receivedAt()).isEqualTo(Instant.ofEpochMilli(2_003));
        }
    }

    @Test
    void removedMessagesAreGone() {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("overlay.db"))) {
            SqliteMessageLog log = SqliteMessageLog.in(database, 1024);
            LoggedMessage first = logged(1, false);
            log.append(first);
            log.append(logged(2, false));
            log.remove(List.of(first.message().id()));

            assertThat(log.flush(10_000)).isTrue();
            assertThat(log.load()).extracting(LoggedMessage::seq).containsExactly(2L);
            assertThat(log.written()).isEqualTo(2);
            log.close();
        }
    }

    @Test
    void appendsAfterCloseAreCountedAsDropped() {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("overlay.db"))) {
            SqliteMessageLog log = SqliteMessageLog.in(database, 1024);
            log.close();
            log.append(logged(1, false));

            assertThat(log.dropped()).isEqualTo(1);
            assertThat(log.load()).isEmpty();
        }
    }
}
