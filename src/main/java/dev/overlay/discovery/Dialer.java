package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import java.util.concurrent.CompletableFuture;

/** Opens outbound connections; the engine implements it, discovery decides where to dial. */
public interface Dialer {

    /** Completes with the active peer, or exceptionally with the reason the handshake failed. */
    CompletableFuture<Peer> connect(Endpoint endpoint);
}
