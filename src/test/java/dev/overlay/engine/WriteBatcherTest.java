package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final WriteBatcher batcher = new WriteBatcher(channel);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void offeredBodiesReachTheChannelInOrderAndFlushed() {
        batcher.offer("first", 10);
        batcher.offer("second", 20);

        assertThat((Object) channel.readOutbound()).isEqualTo("first");
        assertThat((Object) channel.readOutbound()).isEqualTo("second");
    }

    @Test
    void pendingBytesCountOnlyWhatTheChannelHasNotTaken() {
        batcher.offer("body", 1234);

        assertThat(batcher.pendingBytes()).isZero();
    }

    @Test
    void offersToAClosedChannelAreDroppedWithoutError() {
        channel.close();

        batcher.offer("late", 50);

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(batcher.pendingBytes()).isZero();
    }
}
