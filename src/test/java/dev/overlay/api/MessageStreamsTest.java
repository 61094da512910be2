package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.engine.OverlayEngine;
import dev.overlay.engine.TestEngines;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A stream subscriber that cannot keep up is dropped; the node never waits for it. */
class MessageStreamsTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    /** An emitter whose client stops reading after the first event: every later send blocks. */
    private static final class StalledEmitter extends SseEmitter {
        private final CountDownLatch unblock = new CountDownLatch(1);
        private final AtomicInteger sends = new AtomicInteger();
        private final AtomicBoolean failed = new AtomicBoolean();

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
        public void completeWithError(Throwable error) {
            failed.set(true);
        }
    }

    @Test
    void subscriberThatFallsBehindIsDroppedWhileTheNodeGoesOn() {
        OverlayEngine engine = engines.start();
        MessageStreams streams = new MessageStreams(engine, 4);
        StalledEmitter stalled = new StalledEmitter();
        streams.subscribe(Optional.empty(), stalled);
        assertThat(streams.openStreams()).isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            engine.relay().publish("burst", new byte[] {(byte) i}).join();
        }

        await().until(() -> streams.openStreams() == 0);
        assertThat(stalled.failed).isTrue();
        assertThat(engine.relay().counters().delivered.sum()).isEqualTo(20);
        stalled.unblock.countDown();
        streams.stop();
    }

    @Test
    void stoppingEndsEveryOpenStream() {
        OverlayEngine engine = engines.start();
        MessageStreams streams = new MessageStreams(engine, 4);
        streams.start();
        streams.subscribe(Optional.of("a"), new SseEmitter(0L));
        streams.subscribe(Optional.empty(), new SseEmitter(0L));

        streams.stop();

        assertThat(streams.openStreams()).isZero();
        assertThat(streams.isRunning()).isFalse();
    }
}
