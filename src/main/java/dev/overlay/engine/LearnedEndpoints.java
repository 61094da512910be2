package dev.overlay.engine;

import dev.overlay.peer.Endpoint;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule for an endpoint a node learns from a peer, whether gossiped or announced about the peer
 * itself ({@code X-Advertised-Endpoint}): an IP literal (a name would need DNS on receipt), neither a
 * wildcard nor a multicast address. Stateless.
 */
public final class LearnedEndpoints {

    private LearnedEndpoints() {
    }

    public static boolean acceptable(Endpoint endpoint) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(endpoint.host());
        if (bytes == null) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return !address.isAnyLocalAddress() && !address.isMulticastAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
