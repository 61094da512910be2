package dev.overlay.peer;

import com.google.protobuf.MessageLite;
import java.util.List;

/** Peer links for tests of the core, which need no transport. */
public final class TestLinks {

    /** A link that sends nothing and closes nothing. */
    public static final PeerLink NO_LINK = recordingDisconnects(null);

    private TestLinks() {
    }

    /** A link that writes each disconnect as {@code "REASON:detail"} to {@code calls} (if not null). */
    public static PeerLink recordingDisconnects(List<String> calls) {
        return new PeerLink() {
            @Override
            public void send(MessageLite body) {
            }

            @Override
            public boolean offer(MessageLite body, boolean originatedHere) {
                return true;
            }

            @Override
            public void disconnect(DisconnectReason reason, String detail) {
                if (calls != null) {
                    calls.add(reason + ":" + detail);
                }
            }

            @Override
            public long queuedBytes() {
                return 0;
            }
        };
    }
}
