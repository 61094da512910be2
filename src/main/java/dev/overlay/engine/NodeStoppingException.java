package dev.overlay.engine;

/** A query reached a part of the node after it stopped taking work (the node is shutting down). */
public final class NodeStoppingException extends IllegalStateException {

    public NodeStoppingException() {
        super("the node is shutting down");
    }
}
