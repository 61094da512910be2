package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.overlay.engine.OverlayNode;
import dev.overlay.engine.TestEngines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A stream subscriber that cannot keep up is dropped, the node never waits for it, and subscribers and
 * their sender threads stay within the configured cap.
 */
class MessageStreamsTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    /** An emitter whose client stops reading after the first event: every later send blocks. */
    private static final class StalledEmitter extends SseEmitter {
        private final CountDownLatch unblock = new CountDownLatch(1);
        private final AtomicInteger sends = new AtomicInteger();
        private final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public void send(SseEventBuilder event) throws IOException {
            if (sends.incrementAndGet() > 1) {
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void complete() {
            ended.set(true);
        }
    }

    /** An emitter whose client has gone: every send after the subscription comment fails. */
    private static final class GoneEmitter extends SseEmitter {
        private final AtomicInteger sends = new AtomicInteger();

        @Override
        public void send(SseEventBuilder event) throws IOException {
            if (sends.incrementAndGet() > 1) {
                throw new IOException("Broken pipe");
            }
        }
    }

    @Test
    void subscriberThatFallsBehindIsDroppedWhileTheNodeGoesOn() {
        OverlayNode engine = engines.start();
        MessageStreams streams = new MessageStreams(engine.relay(), 4, 8);
        StalledEmitter stalled = new StalledEmitter();
        streams.subscribe(Optional.empty(), stalled);
        assertThat(streams.openStreams()).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            engine.relay().signAndBroadcast("burst", new byte[] {(byte) i}).join();
        }

        await().until(() -> streams.openStreams() == 0);
        assertThat(stalled.ended).isTrue();
        assertThat(engine.relay().counters().delivered.sum()).isEqualTo(20);
        stalled.unblock.countDown();
        streams.stop();
    }

    @Test
    void stoppingEndsEveryOpenStream() {
        OverlayNode engine = engines.start();
        MessageStreams streams = new MessageStreams(engine.relay(), 4, 8);
        streams.start();
        streams.subscribe(Optional.of("a"), new SseEmitter(0L));
        streams.subscribe(Optional.empty(), new SseEmitter(0L));

        streams.stop();

        assertThat(streams.openStreams()).isZero();
        assertThat(streams.isRunning()).isFalse();
    }

    @Test
    void subscriberBeyondTheCapIsRefusedWithoutListening() {
        OverlayNode engine = engines.start();
        MessageStreams streams = new MessageStreams(engine.relay(), 4, 2);
        streams.subscribe(Optional.empty(), new SseEmitter(0L));
        streams.subscribe(Optional.empty(), new SseEmitter(0L));

        assertThatThrownBy(() -> streams.subscribe(Optional.empty(), new SseEmitter(0L)))
                .isInstanceOf(SubscriberLimitException.class)
                .hasMessageContaining("/api/v1/messages/stream").hasMessageContaining("2 subscribers");
        assertThat(streams.openStreams()).isEqualTo(2);
        streams.stop();
    }

    @Test
    void aSubscriberThatLeavesFreesItsPlace() {
        OverlayNode engine = engines.start();
        MessageStreams streams = new MessageStreams(engine.relay(), 4, 1);
        streams.subscribe(Optional.empty(), new SseEmitter(0L));

        streams.streams().iterator().next().close();

        streams.subscribe(Optional.of("again"), new SseEmitter(0L));
        assertThat(streams.openStreams()).isEqualTo(1);
        streams.stop();
    }

    @Test
    void senderThreadsStayWithinTwicePerSubscriberWhileDroppedSubscribersAreStillBlocked() {
        OverlayNode engine = engines.start();
        int cap = 2;
        MessageStreams streams = new MessageStreams(engine.relay(), 4, cap);
        List<StalledEmitter> stalled = new ArrayList<>();

        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < cap; i++) {
                StalledEmitter emitter = new StalledEmitter();
                stalled.add(emitter);
                streams.subscribe(Optional.empty(), emitter);
            }
            for (int i = 0; i < 8; i++) {
                engine.relay().signAndBroadcast("burst", new byte[] {(byte) i}).join();
            }
            await().until(() -> streams.openStreams() == 0);
        }

        assertThat(stalled).hasSize(4 * cap);
        assertThat(streams.largestSenderPool()).isLessThanOrEqualTo(2 * cap);
        stalled.forEach(emitter -> emitter.unblock.countDown());
        streams.stop();
    }

    @Test
    void aClientThatLeftAQuietStreamIsFoundByTheHeartbeatAndFreesItsPlace() {
        OverlayNode engine = engines.start();
        MessageStreams streams = new MessageStreams(engine.relay(), 4, 1);
        GoneEmitter gone = new GoneEmitter();
        streams.subscribe(Optional.empty(), gone);

        streams.heartbeat();

        await().until(() -> streams.openStreams() == 0);
        assertThat(gone.sends).hasValue(2);
        streams.subscribe(Optional.empty(), new SseEmitter(0L));
        assertThat(streams.openStreams()).isEqualTo(1);
        streams.stop();
    }
}
