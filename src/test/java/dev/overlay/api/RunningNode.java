package dev.overlay.api;

import dev.overlay.OverlayNodeApplication;
import dev.overlay.engine.OverlayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole node (Spring context, REST API, engine) on ephemeral ports, driven over real HTTP the way an
 * operator would.
 */
final class RunningNode implements AutoCloseable {

    static final String TOKEN = "test-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final URI base;

    private RunningNode(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts a node; {@code overrides} are {@code --name=value} arguments replacing the defaults. */
    static RunningNode start(Path dataDir, String... overrides) {
        return startWith(new Class<?>[0], dataDir, overrides);
    }

    /**
     * Starts a node that also has the given components, such as a controller only a test needs. Boot
     * keeps classes nested in a test out of the component scan, so no other node gets them.
     */
    static RunningNode startWith(Class<?>[] components, Path dataDir, String... overrides) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("server.port", "0");
        args.put("server.address", "127.0.0.1");
        args.put("overlay.peer-host", "127.0.0.1");
        args.put("overlay.peer-port", "0");
        args.put("overlay.data-dir", dataDir.toString());
        args.put("overlay.network-id", "api-test");
        args.put("overlay.api-token", TOKEN);
        args.put("overlay.ping.interval", "200ms");
        args.put("overlay.shutdown-timeout", "3s");
        // Tests connect nodes through the API, all from 127.0.0.1: no autoconnect, no per-IP limit.
        args.put("overlay.outbound-peers", "0");
        args.put("overlay.max-inbound-per-ip", "100");
        for (String override : overrides) {
            String[] nameAndValue = override.substring(2).split("=", 2);
            args.put(nameAndValue[0], nameAndValue[1]);
        }
        String[] commandLine = args.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new RunningNode(new SpringApplicationBuilder(OverlayNodeApplication.class).sources(components)
                .run(commandLine));
    }

    URI baseUri() {
        return base;
    }

    OverlayNode engine() {
        return context.getBean(OverlayNode.class);
    }

    <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    String nodeId() {
        return engine().nodeId().hex();
    }

    String peerEndpoint() {
        return "127.0.0.1:" + engine().peerPort();
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** A read with the bearer token, for answers that show more to the operator. */
    Response getWithToken(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String json) {
        return post(path, json, TOKEN);
    }

    /** Posts with the given bearer token, or with no Authorization header when it is null. */
    Response post(String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    Response put(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    Response connectTo(RunningNode other) {
        return post("/api/v1/peers", "{\"endpoint\":\"" + other.peerEndpoint() + "\"}");
    }

    /** A request to {@code path} with the bearer token, for calls the methods above do not make. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKEN);
    }

    static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    record Response(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
