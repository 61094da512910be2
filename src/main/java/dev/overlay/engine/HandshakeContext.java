package dev.overlay.engine;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakePolicy;
import dev.overlay.identity.CertificateBindingVerifier;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Activation;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.resource.Fee;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the handshake handlers may use, and nothing more: the rules ({@link HandshakePolicy}, the
 * certificate check), {@link Activation}, the switch to frames, the peer port's documents, and where
 * failures are reported. Built once the peer port is bound (the policy advertises its port).
 *
 * <p>Threading: immutable; every part it hands out is thread-safe.
 */
final class HandshakeContext {

    /** Refusals caused by a broken or hostile client, as opposed to a mismatch (network, version, slots). */
    private static final Set<HandshakeFailure> CHARGED = EnumSet.of(HandshakeFailure.MALFORMED_REQUEST,
            HandshakeFailure.NO_CLIENT_CERTIFICATE, HandshakeFailure.CERTIFICATE_BINDING_INVALID,
            HandshakeFailure.PUBLIC_KEY_MISMATCH, HandshakeFailure.HANDSHAKE_TIMEOUT, HandshakeFailure.TLS_FAILED);

    private final Duration timeout;
    private final String userAgent;
    private final HandshakePolicy policy;
    private final CertificateBindingVerifier verifier;
    private final PeerRegistry registry;
    private final Activation activation;
    private final PeerPipelines pipelines;
    private final PeerPortDocuments documents;
    private final HandshakeStats stats;
    private final ResourceGuard resources;
    private final Function<Peer, List<Endpoint>> alternatives;
    private final Clock clock;

    HandshakeContext(Duration timeout, String userAgent, HandshakePolicy policy, CertificateBindingVerifier verifier,
                     PeerRegistry registry, Activation activation, PeerPipelines pipelines,
                     PeerPortDocuments documents, HandshakeStats stats, ResourceGuard resources,
                     Function<Peer, List<Endpoint>> alternatives, Clock clock) {
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.policy = policy;
        this.verifier = verifier;
        this.registry = registry;
        this.activation = activation;
        this.pipelines = pipelines;
        this.documents = documents;
        this.stats = stats;
        this.resources = resources;
        this.alternatives = alternatives;
        this.clock = clock;
    }

    Duration timeout() {
        return timeout;
    }

    String userAgent() {
        return userAgent;
    }

    HandshakePolicy policy() {
        return policy;
    }

    CertificateBindingVerifier verifier() {
        return verifier;
    }

    Activation activation() {
        return activation;
    }

    PeerPipelines pipelines() {
        return pipelines;
    }

    PeerPortDocuments documents() {
        return documents;
    }

    Clock clock() {
        return clock;
    }

    /** Whether a connection to {@code peer}'s node would be pointless because one is already active. */
    boolean alreadyActive(NodeId node) {
        return registry.isActive(node);
    }

    /** Which slots are full, as the refusal of an inbound connection says it. */
    String inboundRefusal() {
        return registry.inboundRefusal();
    }

    /** Endpoints a full node offers {@code requester} instead. */
    List<Endpoint> alternativesFor(Peer requester) {
        return alternatives.apply(requester);
    }

    /** The connection has upgraded: its handshake permit returns. */
    void upgraded(Peer peer) {
        resources.handshakeEnded(peer);
    }

    /**
     * Counts a failed handshake, tells the listeners, and charges the source of an inbound one that
     * only a broken or hostile client causes.
     */
    void failed(Peer peer, HandshakeException failure, String remote) {
        stats.failed(failure.failure(), remote);
        if (peer.direction() == Direction.INBOUND && CHARGED.contains(failure.failure())) {
            resources.chargeAddress(peer.source(), Fee.HANDSHAKE_FAILURE);
        }
    }
}
