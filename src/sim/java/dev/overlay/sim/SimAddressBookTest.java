package dev.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.store.SqliteAddressBook;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimAddressBookTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Endpoint A = Endpoint.parse("192.0.2.1:51235");
    private static final Endpoint B = Endpoint.parse("192.0.2.2:51235");
    private static final Endpoint C = Endpoint.parse("192.0.2.3:51235");
    private static final NodeId NODE = new NodeId("a".repeat(64));

    @Test
    void successesRankAboveHeardEndpointsAndFailuresBelow() {
        SimAddressBook book = new SimAddressBook(10, Endpoint::toString);
        book.heard(A, T0);
        book.failed(B, T0);
        book.succeeded(C, NODE, T0);

        assertThat(book.best(3)).extracting(AddressBookEntry::endpoint).containsExactly(C, A, B);
        assertThat(book.best(1).get(0).score()).isEqualTo(SqliteAddressBook.SUCCESS_REWARD);
    }

    @Test
    void consecutiveFailuresCostMoreEachTimeAndASuccessClearsThem() {
        SimAddressBook book = new SimAddressBook(10, Endpoint::toString);
        book.failed(A, T0);
        book.failed(A, T0.plusSeconds(1));
        book.failed(A, T0.plusSeconds(2));
        assertThat(book.best(1).get(0).score()).isEqualTo(-5 - 10 - 15);

        book.succeeded(A, NODE, T0.plusSeconds(3));
        assertThat(book.best(1).get(0).consecutiveFailures()).isZero();
    }

    @Test
    void aFullBookEvictsTheLowestScoreThenTheLeastRecentlyHeard() {
        SimAddressBook book = new SimAddressBook(2, Endpoint::toString);
        book.heard(A, T0);
        book.heard(B, T0.plusSeconds(1));
        book.heard(C, T0.plusSeconds(2));

        assertThat(book.size()).isEqualTo(2);
        assertThat(book.page(0, 10)).extracting(AddressBookEntry::endpoint).containsExactly(C, B);
    }
}
