package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.store.SqliteAddressBook;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A node restarted without any bootstrap rejoins the network from its SQLite address book. */
class AddressBookRejoinTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @TempDir
    Path dataDir;

    @Test
    void nodeRestartedWithoutBootstrapRejoinsFromItsAddressBook() {
        OverlayNode seed = engines.start(s -> s.host = "127.0.0.2");
        OverlayNode other = engines.start(s -> {
            s.host = "127.0.0.3";
            s.outboundTarget = 1;
            s.bootstrap = List.of(new Endpoint("127.0.0.2", seed.peerPort()));
        });
        NodeKey key = NodeKey.generate(new SecureRandom());
        Path database = dataDir.resolve("overlay.db");
        try (SqliteAddressBook book = SqliteAddressBook.open(database, 100, Clock.systemUTC())) {
            OverlayNode node = engines.start(s -> {
                s.host = "127.0.0.4";
                s.key = key;
                s.outboundTarget = 2;
                s.addressBook = book;
                s.bootstrap = List.of(new Endpoint("127.0.0.2", seed.peerPort()));
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> node.registry().outboundCount() == 2);
            assertThat(book.best(10)).extracting(e -> e.nodeId().isPresent()).contains(true);
            node.stop();
        }
        await().until(() -> !seed.registry().isActive(key.nodeId()) && !other.registry().isActive(key.nodeId()));

        try (SqliteAddressBook reopened = SqliteAddressBook.open(database, 100, Clock.systemUTC())) {
            OverlayNode restarted = engines.start(s -> {
                s.host = "127.0.0.4";
                s.key = key;
                s.outboundTarget = 2;
                s.addressBook = reopened;
            });

            await().atMost(Duration.ofSeconds(20)).until(() -> restarted.registry().outboundCount() == 2);
            assertThat(restarted.registry().isActive(seed.nodeId()) || restarted.registry().isActive(other.nodeId()))
                    .isTrue();
            restarted.stop();
        }
    }
}
