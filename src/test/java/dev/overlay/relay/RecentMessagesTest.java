package dev.overlay.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {

    private static final NodeKey ORIGIN = NodeKey.generate(new SecureRandom());
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static ReceivedMessage message(String topic, long sequence) {
        SignedMessage signed = SignedMessage.sign(ORIGIN, topic, sequence, NOW, new byte[] {(byte) sequence});
        return new ReceivedMessage(signed, NOW, Optional.empty());
    }

    private static List<Long> sequences(List<ReceivedMessage> messages) {
        return messages.stream().map(m -> m.message().sequence()).toList();
    }

    @Test
    void listsNewestFirst() {
        RecentMessages recent = new RecentMessages(10);
        recent.add(message("a", 1));
        recent.add(message("a", 2));
        recent.add(message("a", 3));

        assertThat(sequences(recent.recent(Optional.empty(), 10))).containsExactly(3L, 2L, 1L);
    }

    @Test
    void keepsOnlyTheNewestUpToCapacity() {
        RecentMessages recent = new RecentMessages(2);
        recent.add(message("a", 1));
        recent.add(message("a", 2));
        recent.add(message("a", 3));

        assertThat(sequences(recent.recent(Optional.empty(), 10))).containsExactly(3L, 2L);
    }

    @Test
    void filtersByTopic() {
        RecentMessages recent = new RecentMessages(10);
        recent.add(message("a", 1));
        recent.add(message("b", 2));
        recent.add(message("a", 3));

        assertThat(sequences(recent.recent(Optional.of("a"), 10))).containsExactly(3L, 1L);
        assertThat(sequences(recent.recent(Optional.of("b"), 10))).containsExactly(2L);
        assertThat(recent.recent(Optional.of("c"), 10)).isEmpty();
    }

    @Test
    void returnsAtMostLimitMessagesNewestFirst() {
        RecentMessages recent = new RecentMessages(10);
        for (long n = 1; n <= 5; n++) {
            recent.add(message("a", n));
        }

        assertThat(sequences(recent.recent(Optional.empty(), 2))).containsExactly(5L, 4L);
    }

    @Test
    void appliesTheLimitAfterTheTopicFilter() {
        RecentMessages recent = new RecentMessages(10);
        recent.add(message("a", 1));
        recent.add(message("a", 2));
        recent.add(message("b", 3));
        recent.add(message("b", 4));

        assertThat(sequences(recent.recent(Optional.of("a"), 1))).containsExactly(2L);
    }

    @Test
    void isEmptyBeforeAnyMessage() {
        assertThat(new RecentMessages(10).recent(Optional.empty(), 10)).isEmpty();
    }
}
