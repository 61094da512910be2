package dev.overlay.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Server-Sent-Events client over real HTTP that records every event it reads (id, name, data) on a
 * reader thread of its own, and can hang up.
 */
final class SseClient implements AutoCloseable {

    /** One event as the client read it. */
    record Event(String id, String name, String data) {
    }

    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} on {@code node}, sending {@code Last-Event-ID} if given. */
    static SseClient open(RunningNode node, String path, Optional<String> lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUri() + path))
                .header("Accept", "text/event-stream");
        lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("stream answered " + response.statusCode());
            }
            return new SseClient(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String[] current = {null, "message", null};
        try {
            response.body().forEach(line -> {
                if (line.isEmpty()) {
                    if (current[2] != null) {
                        events.add(new Event(current[0], current[1], current[2]));
                    }
                    current[0] = null;
                    current[1] = "message";
                    current[2] = null;
                } else if (line.startsWith("id:")) {
                    current[0] = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    current[1] = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    current[2] = line.substring(5).strip();
                }
            });
        } catch (UncheckedIOException closed) {
            // Hung up: the events read so far stay.
        }
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** The ids of the 'message' events, in the order read. */
    List<String> messageIds() {
        return events.stream().filter(e -> e.name().equals("message")).map(Event::id).toList();
    }

    @Override
    public void close() {
        response.body().close();
    }
}
