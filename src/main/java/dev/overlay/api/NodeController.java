package dev.overlay.api;

import dev.overlay.engine.NodeStatus;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Base64;
import java.util.Collection;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/node")
@Tag(name = "node", description = "This node's identity and status")
class NodeController {

    private final NodeStatus status;
    private final PeerRegistry registry;

    NodeController(NodeStatus status, PeerRegistry registry) {
        this.status = status;
        this.registry = registry;
    }

    @GetMapping
    @Operation(summary = "Node identity, endpoint, version, uptime and peer counts")
    NodeView node() {
        Collection<Peer> connections = registry.connections();
        long active = connections.stream().filter(p -> p.state() == PeerState.ACTIVE).count();
        long inbound = connections.stream()
                .filter(p -> p.state() == PeerState.ACTIVE && p.direction() == Direction.INBOUND).count();
        long handshaking = connections.stream()
                .filter(p -> p.state() == PeerState.CONNECTING || p.state() == PeerState.HANDSHAKING).count();
        return new NodeView(
                status.nodeId().hex(),
                Base64.getEncoder().encodeToString(status.nodeId().publicKey()),
                status.networkId(),
                status.peerHost() + ":" + status.peerPort(),
                status.advertisedEndpoint().map(Object::toString).orElse(null),
                status.userAgent(),
                status.uptime().toSeconds(),
                new NodeView.PeerCounts((int) active, (int) inbound, (int) (active - inbound), (int) handshaking,
                        registry.maxPeers()));
    }
}
