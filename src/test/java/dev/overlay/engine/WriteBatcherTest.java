package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Object> shed = new ArrayList<>();
    private final WriteBatcher batcher = new WriteBatcher(channel, new WriteBatcher.BulkOutcome() {
        @Override
        public void written(Object body, int bytes) {
        }

        @Override
        public void shed(Object body) {
            shed.add(body);
        }
    });

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
    void bulkBodiesAreShedWhileTheChannelIsUnwritableAndControlBodiesAreNot() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        batcher.offerBulk("relayed", 10);
        batcher.offer("pong", 10);

        assertThat(shed).containsExactly("relayed");
        assertThat((Object) channel.readOutbound()).isEqualTo("pong");
    }

    @Test
    void bulkBodiesAreWrittenWhileTheChannelIsWritable() {
        batcher.offerBulk("relayed", 10);

        assertThat((Object) channel.readOutbound()).isEqualTo("relayed");
        assertThat(shed).isEmpty();
    }

    @Test
    void offersToAClosedChannelAreDroppedWithoutError() {
        channel.close();

        batcher.offer("late", 50);

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(batcher.pendingBytes()).isZero();
    }
}
