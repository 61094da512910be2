package dev.overlay.relay;

/** Receives every message delivered locally. Called on the relay thread: must not block. */
@FunctionalInterface
public interface MessageListener {

    void onMessage(ReceivedMessage message);
}
