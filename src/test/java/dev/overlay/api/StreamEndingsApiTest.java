package dev.overlay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A stream whose client leaves, or which the node drops because its client fell behind, ends quietly:
 * its place is freed and nothing is logged as an error, since no request failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamEndingsApiTest {

    private static final int STREAM_QUEUE = 4;
    /** Large messages fill the socket buffers after a few dozen, so a client that stops reading falls behind. */
    private static final String LARGE_PAYLOAD = Base64.getEncoder().encodeToString(new byte[60_000]);
    private static final int MAX_PUBLISHED = 1_000;
    private static final String LAST_CHUNK = "\r\n0\r\n\r\n";

    @RegisterExtension
    static final RunningNodes nodes = new RunningNodes();

    private static RunningNode node;

    @BeforeAll
    static void startNode() {
        node = nodes.start("node", "--overlay.relay.stream-queue=" + STREAM_QUEUE);
    }

    @Test
    void aClientThatDisconnectsIsForgottenWithoutAnErrorInTheLog(CapturedOutput output) throws Exception {
        EventStreams events = node.bean("eventStreams", EventStreams.class);
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(node.baseUri() + "/api/v1/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.body().findFirst()).contains(":subscribed");

        stream.body().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            events.heartbeat();
            return events.openStreams() == 0;
        });
        assertNoErrorLoggedForAWhile(output);
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedWithAPlainEndAndNoErrorInTheLog(CapturedOutput output)
            throws Exception {
        MessageStreams messages = node.bean("messageStreams", MessageStreams.class);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(node.baseUri().getHost(), node.baseUri().getPort()));
            stalled.getOutputStream().write(("GET /api/v1/messages/stream HTTP/1.1\r\nHost: node\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().until(() -> messages.openStreams() == 1);

            for (int published = 0; published < MAX_PUBLISHED && messages.openStreams() > 0; published++) {
                assertThat(node.post("/api/v1/messages",
                        "{\"topic\":\"bulk\",\"payload\":\"" + LARGE_PAYLOAD + "\"}").status()).isEqualTo(201);
            }

            assertThat(messages.openStreams()).isZero();
            stalled.setSoTimeout(10_000);
            assertThat(readToTheEnd(stalled.getInputStream())).endsWith(LAST_CHUNK);
        }
        assertNoErrorLoggedForAWhile(output);
    }

    /** Reads the chunked response up to its terminating chunk, which a plain end of the stream sends. */
    private static String readToTheEnd(InputStream in) throws IOException {
        StringBuilder tail = new StringBuilder();
        byte[] buffer = new byte[65_536];
        for (int read; !tail.toString().endsWith(LAST_CHUNK) && (read = in.read(buffer)) > 0; ) {
            tail.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            tail.delete(0, Math.max(0, tail.length() - LAST_CHUNK.length()));
        }
        return tail.toString();
    }

    /** The end of a stream is handled on other threads after the test sees it; give them a moment. */
    private static void assertNoErrorLoggedForAWhile(CapturedOutput output) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> !output.getAll().contains(" ERROR "));
    }
}
