package dev.overlay.api;

import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.discovery.DiscoveryCounters;
import dev.overlay.discovery.FixedPeers;
import dev.overlay.engine.DiscoveryBridge;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SlotLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/discovery")
@Tag(name = "discovery", description = "Slots, gossiped endpoints, the address book, fixed and reserved peers")
class DiscoveryController {

    private static final String NODE_ID_EXAMPLE = "3f1a9c0d5be2477e8d16a4f0c2b93e5d7a0f6c1e9b84d2350a7e6f1c4d8b9a20";

    private final DiscoveryBridge discovery;
    private final PeerRegistry registry;

    DiscoveryController(DiscoveryBridge discovery, PeerRegistry registry) {
        this.discovery = discovery;
        this.registry = registry;
    }

    record DiscoveryReport(Slots slots, List<Heard> livecache, AddressBookPage addressBook,
                           List<Fixed> fixedPeers, List<Reserved> reservedPeers, Counters counters) {
    }

    record Fixed(String endpoint, String nodeId, boolean connected, int failures, Instant nextAttempt,
                 String lastError) {
        static Fixed of(FixedPeers.Status s) {
            return new Fixed(s.endpoint().toString(), s.nodeId() == null ? null : s.nodeId().hex(), s.connected(),
                    s.failures(), s.nextAttempt(), s.lastError());
        }
    }

    record Slots(int inbound, int outbound, int maxPeers, int outboundTarget, int maxInbound, int maxInboundPerIp,
                 int dialsInFlight) {
    }

    record Heard(String endpoint, int hops) {
    }

    record AddressBookPage(int total, int offset, int limit, List<Entry> entries) {
    }

    record Entry(String endpoint, String nodeId, Instant lastSuccess, Instant lastFailure, int consecutiveFailures,
                 int score) {
        static Entry of(AddressBookEntry e) {
            return new Entry(e.endpoint().toString(), e.nodeId().map(NodeId::hex).orElse(null),
                    e.lastSuccess().orElse(null), e.lastFailure().orElse(null), e.consecutiveFailures(), e.score());
        }
    }

    record Reserved(String nodeId, boolean connected) {
    }

    @Schema(name = "DiscoveryCounters")
    record Counters(long gossipReceived, long endpointsDropped, long gossipFloods, long dials, long redirects,
                    long rotations) {
    }

    record EndpointRequest(@NotBlank String endpoint) {
    }

    record NodeIdRequest(@NotBlank String nodeId) {
    }

    @GetMapping
    @Operation(summary = "Slot usage, livecache, a page of the address book, fixed and reserved peers")
    CompletableFuture<DiscoveryReport> report(
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        SlotLimits limits = registry.limits();
        List<Reserved> reserved = registry.reserved().stream().sorted()
                .map(id -> new Reserved(id.hex(), registry.isActive(id))).toList();
        return discovery.call(d -> {
            AddressBookPage page = new AddressBookPage(d.addressBook().size(), offset, limit,
                    d.addressBook().page(offset, limit).stream().map(Entry::of).toList());
            DiscoveryCounters c = d.counters();
            Counters counters = new Counters(c.gossipReceived.sum(), c.endpointsDropped.sum(), c.gossipFloods.sum(),
                    c.dials.sum(), c.redirects.sum(), c.rotations.sum());
            return new DiscoveryReport(
                    new Slots(registry.inboundCount(), registry.outboundCount(), limits.maxPeers(),
                            limits.outboundTarget(), limits.maxInbound(), limits.maxInboundPerIp(),
                            d.attemptsInFlight()),
                    d.livecacheEntries().stream().map(h -> new Heard(h.endpoint().toString(), h.hops())).toList(),
                    page, d.fixedPeerStatus().stream().map(Fixed::of).toList(), reserved, counters);
        });
    }

    @PostMapping("/fixed-peers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Keep an endpoint connected from now on",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "IP address", description = "The remote node's peer port",
                            value = "{\"endpoint\": \"198.51.100.20:51235\"}"),
                    @ExampleObject(name = "DNS name", description = "Resolved again at every dial",
                            value = "{\"endpoint\": \"peer1.example.net:51235\"}")})))
    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "400", description = "Bad endpoint syntax")
    CompletableFuture<Void> addFixedPeer(@Valid @RequestBody EndpointRequest request) {
        Endpoint endpoint = Inputs.endpoint("endpoint", request.endpoint());
        return discovery.call(d -> {
            d.addFixedPeer(endpoint);
            return null;
        });
    }

    @DeleteMapping("/fixed-peers/{endpoint}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop keeping an endpoint connected (an existing connection stays)")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "400", description = "Bad endpoint syntax")
    @ApiResponse(responseCode = "404", description = "Not a fixed peer")
    CompletableFuture<Void> removeFixedPeer(@PathVariable String endpoint) {
        Endpoint parsed = Inputs.endpoint("endpoint", endpoint);
        return discovery.call(d -> d.removeFixedPeer(parsed))
                .thenApply(removed -> {
                    if (!removed) {
                        throw new NotFoundException("'" + endpoint + "' is not a fixed peer");
                    }
                    return null;
                });
    }

    @PostMapping("/reserved-peers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Let a node connect inbound even when the slots are full",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "node id", description = "The node's id as GET /api/v1/node shows it",
                            value = "{\"nodeId\": \"" + NODE_ID_EXAMPLE + "\"}"))))
    @ApiResponse(responseCode = "201", description = "Reserved")
    @ApiResponse(responseCode = "400", description = "Not a node id")
    void addReservedPeer(@Valid @RequestBody NodeIdRequest request) {
        registry.reserve(Inputs.nodeId("nodeId", request.nodeId()));
    }

    @DeleteMapping("/reserved-peers/{nodeId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Withdraw a reservation (the node stays connected if it is)")
    @ApiResponse(responseCode = "204", description = "Withdrawn")
    @ApiResponse(responseCode = "400", description = "Not a node id")
    @ApiResponse(responseCode = "404", description = "Not a reserved peer")
    void removeReservedPeer(@PathVariable String nodeId) {
        if (!registry.unreserve(Inputs.nodeId("nodeId", nodeId))) {
            throw new NotFoundException("node " + nodeId + " is not reserved");
        }
    }
}
