package dev.overlay.api;

/** No connected peer has the requested node id. */
class PeerNotFoundException extends NotFoundException {

    PeerNotFoundException(String nodeId) {
        super("peer-not-found", "Peer not found", "no connected peer has node id " + nodeId);
    }
}
