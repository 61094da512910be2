package dev.overlay.api;

import dev.overlay.engine.NodeStatus;
import dev.overlay.identity.CertificateBindingVerifier;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node, its active peers, and their peers as each one's {@code /crawl} lists them. The browser
 * cannot read a peer port itself (TLS with a self-signed certificate), so the node reads it.
 *
 * <p>One crawl of all peers at a time, reused for {@link #MAX_AGE}: however often the view is asked
 * for, the node opens at most one connection per peer in that time. The current crawl is owned by an
 * atomic reference; a caller that finds it stale swaps in a new one, so two callers never start two.
 */
@Component
class Neighbourhood {

    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final Duration CRAWL_TIMEOUT = Duration.ofSeconds(3);

    private final NodeStatus status;
    private final PeerRegistry registry;
    private final PeerCrawler crawler;
    private final Clock clock;
    private final AtomicReference<Crawl> current = new AtomicReference<>();

    Neighbourhood(NodeStatus status, PeerRegistry registry, Clock clock, JsonMapper json) {
        this.status = status;
        this.registry = registry;
        this.clock = clock;
        this.crawler = new PeerCrawler(new CertificateBindingVerifier(clock), json, CRAWL_TIMEOUT);
    }

    @Schema(name = "Neighbourhood")
    record View(@Schema(description = "This node's id") String nodeId, Instant crawledAt, List<Neighbour> peers) {
    }

    @Schema(description = "An active peer and the peers its /crawl lists")
    record Neighbour(String nodeId, String direction,
                     @Schema(description = "Peer port crawled; null when the peer does not accept connections")
                     String endpoint,
                     @Schema(description = "Why its peers are unknown; null when the crawl answered")
                     String crawlError,
                     List<PeerCrawler.CrawledPeer> peers) {
    }

    private record Crawl(Instant startedAt, CompletableFuture<View> view) {
    }

    CompletableFuture<View> view() {
        while (true) {
            Crawl crawl = current.get();
            Instant now = clock.instant();
            if (crawl != null && crawl.startedAt().plus(MAX_AGE).isAfter(now)) {
                return crawl.view();
            }
            Crawl fresh = new Crawl(now, new CompletableFuture<>());
            if (current.compareAndSet(crawl, fresh)) {
                crawlAll(now).whenComplete((view, failure) -> {
                    if (failure == null) {
                        fresh.view().complete(view);
                    } else {
                        fresh.view().completeExceptionally(failure);
                    }
                });
                return fresh.view();
            }
        }
    }

    private CompletableFuture<View> crawlAll(Instant now) {
        List<CompletableFuture<Neighbour>> neighbours = registry.active().stream()
                .filter(peer -> peer.nodeId().isPresent())
                .sorted(Comparator.comparing(peer -> peer.nodeId().orElseThrow()))
                .map(this::crawl)
                .toList();
        return CompletableFuture.allOf(neighbours.toArray(CompletableFuture[]::new))
                .thenApply(done -> new View(status.nodeId().hex(), now,
                        neighbours.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<Neighbour> crawl(Peer peer) {
        NodeId nodeId = peer.nodeId().orElseThrow();
        String direction = peer.direction().name().toLowerCase();
        if (peer.listeningEndpoint().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new Neighbour(nodeId.hex(), direction, null, "does not accept connections", List.of()));
        }
        String endpoint = peer.listeningEndpoint().get().toString();
        return crawler.crawl(nodeId, peer.listeningEndpoint().get())
                .thenApply(peers -> new Neighbour(nodeId.hex(), direction, endpoint, null, peers))
                .exceptionally(failure -> new Neighbour(nodeId.hex(), direction, endpoint, reason(failure),
                        List.of()));
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
