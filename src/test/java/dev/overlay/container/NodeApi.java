package dev.overlay.container;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST API of one node in a container, at its address on the test's network. Every request is
 * bounded by {@link #TIMEOUT}; an answer other than the expected status is an {@link IOException}.
 * Immutable, so any thread may use it.
 */
final class NodeApi {

    static final String TOKEN = "container-test-token";
    /** Generous: under netem every packet back to the test is delayed too. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** A message as a node delivered it: publish time (origin's clock) and arrival (this node's clock). */
    record Delivery(String id, String origin, Instant timestamp, Instant receivedAt, boolean own) {

        Duration latency() {
            return Duration.between(timestamp, receivedAt);
        }
    }

    record ClosedPeer(String nodeId, String reason, String closedBy) {
    }

    private final String alias;
    private final String base;

    NodeApi(String alias, String address, int port) {
        this.alias = alias;
        this.base = "http://" + address + ":" + port;
    }

    String nodeId() throws IOException, InterruptedException {
        return get("/api/v1/node").path("nodeId").asString();
    }

    String health() throws IOException, InterruptedException {
        return get("/actuator/health").path("status").asString();
    }

    Set<String> activePeerIds() throws IOException, InterruptedException {
        Set<String> active = new HashSet<>();
        for (JsonNode peer : get("/api/v1/peers")) {
            if ("ACTIVE".equals(peer.path("state").asString())) {
                active.add(peer.path("nodeId").asString());
            }
        }
        return active;
    }

    /** When the first of the node's ACTIVE connections opened after {@code after} became active. */
    Optional<Instant> firstActiveSince(Instant after) throws IOException, InterruptedException {
        Optional<Instant> first = Optional.empty();
        for (JsonNode peer : get("/api/v1/peers")) {
            String since = peer.path("connectedSince").asString(null);
            if ("ACTIVE".equals(peer.path("state").asString()) && since != null) {
                Instant connected = Instant.parse(since);
                if (connected.isAfter(after) && first.map(connected::isBefore).orElse(true)) {
                    first = Optional.of(connected);
                }
            }
        }
        return first;
    }

    List<ClosedPeer> closedPeers() throws IOException, InterruptedException {
        List<ClosedPeer> closed = new ArrayList<>();
        for (JsonNode peer : get("/api/v1/peers/closed")) {
            closed.add(new ClosedPeer(peer.path("nodeId").asString(null), peer.path("reason").asString(),
                    peer.path("closedBy").asString()));
        }
        return closed;
    }

    /** Publishes a message; returns its id. */
    String publish(String topic, String payload) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("topic", topic)
                .put("payload", Base64.getEncoder().encodeToString(payload.getBytes()));
        HttpRequest request = request("/api/v1/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return send(request, 201).path("id").asString();
    }

    /** The messages of a topic the node delivered since it started (at most 1000, newest first). */
    List<Delivery> messages(String topic) throws IOException, InterruptedException {
        List<Delivery> deliveries = new ArrayList<>();
        for (JsonNode m : get("/api/v1/messages?limit=1000&topic=" + topic)) {
            deliveries.add(new Delivery(m.path("id").asString(), m.path("origin").asString(),
                    Instant.parse(m.path("timestamp").asString()), Instant.parse(m.path("receivedAt").asString()),
                    m.path("fromPeer").isNull() || m.path("fromPeer").isMissingNode()));
        }
        return deliveries;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build(), 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + TOKEN);
    }

    private JsonNode send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IOException(alias + ": " + request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public String toString() {
        return alias + " (" + base + ")";
    }
}
