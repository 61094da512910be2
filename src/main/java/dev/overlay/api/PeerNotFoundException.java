package dev.overlay.api;

/** No connected peer has the requested node id. */
class PeerNotFoundException extends RuntimeException {

    PeerNotFoundException(String nodeId) {
        super("no connected peer has node id " + nodeId, null, false, false);
    }
}
