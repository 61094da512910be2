package dev.overlay.engine;

import dev.overlay.peer.Endpoint;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The endpoint of a socket address as the overlay writes it: an IP literal without a scope id. */
final class Endpoints {

    private Endpoints() {
    }

    static Endpoint of(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getAddress().getHostAddress();
        int scope = host.indexOf('%');
        return new Endpoint(scope < 0 ? host : host.substring(0, scope), Math.max(1, inet.getPort()));
    }
}
