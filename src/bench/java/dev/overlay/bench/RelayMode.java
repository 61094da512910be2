package dev.overlay.bench;

/**
 * How the nodes of one run relay: flooding, or squelching down to {@code selectedPeers} sources per
 * origin.
 */
record RelayMode(boolean squelch, int selectedPeers) {

    static final RelayMode FLOOD = new RelayMode(false, 0);

    static RelayMode squelch(int selectedPeers) {
        return new RelayMode(true, selectedPeers);
    }

    String label() {
        return squelch ? "squelch(" + selectedPeers + ")" : "flood";
    }
}
