package dev.overlay.api;

import dev.overlay.discovery.Dialer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/peers")
@Tag(name = "peers", description = "Connections to other nodes")
class PeerController {

    private final PeerRegistry registry;
    private final Dialer dialer;

    PeerController(PeerRegistry registry, Dialer dialer) {
        this.registry = registry;
        this.dialer = dialer;
    }

    @GetMapping
    @Operation(summary = "All connections, including those still handshaking")
    List<PeerView> peers() {
        return registry.connections().stream()
                .sorted(Comparator.comparingLong(Peer::connectionId))
                .map(PeerView::of)
                .toList();
    }

    @GetMapping("/{nodeId}")
    @Operation(summary = "One peer by node id")
    @ApiResponse(responseCode = "200", description = "The peer")
    @ApiResponse(responseCode = "400", description = "Not a node id")
    @ApiResponse(responseCode = "404", description = "No connected peer has this node id",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    examples = @ExampleObject(name = "peer-not-found", value = ProblemExamples.PEER_NOT_FOUND)))
    PeerView peer(@Parameter(description = "64 hex characters") @PathVariable String nodeId) {
        NodeId id = Inputs.nodeId("nodeId", nodeId);
        return registry.find(id).map(PeerView::of).orElseThrow(() -> new PeerNotFoundException(nodeId));
    }

    @GetMapping("/closed")
    @Operation(summary = "Recently closed connections with their disconnect reasons, newest first")
    List<ClosedPeerView> closed() {
        return registry.recentlyClosed().stream().map(ClosedPeerView::of).toList();
    }

    @PostMapping
    @Operation(summary = "Connect to a peer; answers once the peer is active",
            description = "A refused handshake is a problem whose 'reason' is the peer port's refusal code.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "IPv4", description = "The remote node's peer port",
                            value = "{\"endpoint\": \"198.51.100.20:51235\"}"),
                    @ExampleObject(name = "IPv6", description = "IPv6 addresses go in brackets",
                            value = "{\"endpoint\": \"[2001:db8::20]:51235\"}")})))
    @ApiResponse(responseCode = "201", description = "The peer is active")
    @ApiResponse(responseCode = "400", description = "Bad endpoint syntax")
    @ApiResponse(responseCode = "409", description = "Already connected, the endpoint is this node, or banned here",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    examples = @ExampleObject(name = "self-connection", value = ProblemExamples.SELF_CONNECTION)))
    @ApiResponse(responseCode = "502", description = "The connection or the handshake failed; 'reason' says why",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, examples = @ExampleObject(
                    name = "network-id-mismatch", value = ProblemExamples.NETWORK_ID_MISMATCH)))
    @ApiResponse(responseCode = "503", description = "Slots full here or there; 'alternatives' lists other endpoints",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    examples = @ExampleObject(name = "slots-full", value = ProblemExamples.SLOTS_FULL)))
    @ApiResponse(responseCode = "504", description = "The handshake timed out",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, examples = @ExampleObject(
                    name = "handshake-timeout", value = ProblemExamples.HANDSHAKE_TIMEOUT)))
    CompletableFuture<ResponseEntity<PeerView>> connect(@Valid @RequestBody ConnectRequest request) {
        Endpoint endpoint = Inputs.endpoint("endpoint", request.endpoint());
        return dialer.connect(endpoint).thenApply(peer -> ResponseEntity
                .created(URI.create("/api/v1/peers/" + peer.nodeId().orElseThrow()))
                .body(PeerView.of(peer)));
    }

    @DeleteMapping("/{nodeId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disconnect a peer with reason 'admin'")
    @ApiResponse(responseCode = "204", description = "The disconnect was sent")
    @ApiResponse(responseCode = "400", description = "Not a node id")
    @ApiResponse(responseCode = "404", description = "No connected peer has this node id",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    examples = @ExampleObject(name = "peer-not-found", value = ProblemExamples.PEER_NOT_FOUND)))
    void disconnect(@PathVariable String nodeId) {
        NodeId id = Inputs.nodeId("nodeId", nodeId);
        if (!registry.disconnect(id, DisconnectReason.ADMIN, "disconnected through the API")) {
            throw new PeerNotFoundException(nodeId);
        }
    }
}
