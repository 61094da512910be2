package dev.overlay.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeKey;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageLogTest {

    private static final NodeKey ORIGIN = NodeKey.generate(new SecureRandom());

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final RecordingStore store = new RecordingStore();
    private long sequence;

    /** An in-memory store that records what the log asked of it. */
    static final class RecordingStore implements MessageLogStore {
        final List<LoggedMessage> stored = new ArrayList<>();

        @Override
        public void append(LoggedMessage message) {
            stored.add(message);
        }

        @Override
        public void remove(Collection<MessageId> ids) {
            stored.removeIf(m -> ids.contains(m.message().id()));
        }

        @Override
        public List<LoggedMessage> load() {
            return List.copyOf(stored);
        }
    }

    private ReceivedMessage message(Instant stamped, int payloadSize) {
        return new ReceivedMessage(SignedMessage.sign(ORIGIN, "t", ++sequence, stamped, new byte[payloadSize]),
                clock.instant(), Optional.empty());
    }

    private MessageLog log(LogLimits limits) {
        return MessageLog.open(store, limits, clock);
    }

    @Test
    void logsEachMessageOnceInDeliveryOrder() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 100, 1_000_000));
        ReceivedMessage first = message(clock.instant(), 10);
        ReceivedMessage older = message(clock.instant().minusSeconds(60), 10);

        assertThat(log.append(first)).isPresent();
        assertThat(log.append(older)).isPresent();
        assertThat(log.append(first)).isEmpty();

        assertThat(log.newest(m -> true, 10)).extracting(m -> m.message().id())
                .containsExactly(older.message().id(), first.message().id());
        assertThat(log.items().first().id()).isEqualTo(older.message().id());
        assertThat(store.stored).hasSize(2);
    }

    @Test
    void dropsMessagesOlderThanTheRetention() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 100, 1_000_000));
        log.append(message(clock.instant(), 10));
        clock.advance(Duration.ofMinutes(10).plusMillis(1));

        log.prune();

        assertThat(log.size()).isZero();
        assertThat(store.stored).isEmpty();
    }

    @Test
    void refusesAMessageStampedBeforeTheWindow() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 100, 1_000_000));
        assertThat(log.append(message(clock.instant().minus(Duration.ofMinutes(11)), 10))).isEmpty();
    }

    @Test
    void keepsAtMostTheCountBoundDroppingTheOldestStamped() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 3, 1_000_000));
        ReceivedMessage oldest = message(clock.instant().minusSeconds(30), 10);
        log.append(oldest);
        for (int i = 0; i < 3; i++) {
            log.append(message(clock.instant(), 10));
        }

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.contains(oldest.message().id())).isFalse();
    }

    @Test
    void keepsAtMostTheByteBound() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 100, 3 * (1000 + LoggedMessage.OVERHEAD_BYTES)));
        for (int i = 0; i < 5; i++) {
            log.append(message(clock.instant(), 1000));
        }
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.bytes()).isLessThanOrEqualTo(log.limits().maxBytes());
    }

    @Test
    void reopensWithWhatTheStoreHeldAndGoesOnNumbering() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 100, 1_000_000));
        ReceivedMessage kept = message(clock.instant(), 10);
        log.append(kept);

        MessageLog reopened = log(new LogLimits(Duration.ofMinutes(10), 100, 1_000_000));
        LoggedMessage next = reopened.append(message(clock.instant(), 10)).orElseThrow();

        assertThat(reopened.contains(kept.message().id())).isTrue();
        assertThat(next.seq()).isEqualTo(2);
    }

    @Test
    void pagesAfterAPlaceInLogOrder() {
        MessageLog log = log(new LogLimits(Duration.ofMinutes(10), 100, 1_000_000));
        List<LoggedMessage> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(log.append(message(clock.instant(), 10)).orElseThrow());
        }

        assertThat(log.after(all.get(1).seq(), m -> true, 2)).containsExactly(all.get(2), all.get(3));
    }
}
