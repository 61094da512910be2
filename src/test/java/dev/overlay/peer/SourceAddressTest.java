package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The source a charge, ban or per-address limit applies to: an IPv4 address or an IPv6 /64. */
class SourceAddressTest {

    @Test
    void anIpv4AddressIsItsOwnSource() throws Exception {
        SourceAddress source = SourceAddress.of(InetAddress.getByName("203.0.113.7"));

        assertThat(source.toString()).isEqualTo("203.0.113.7");
        assertThat(source).isNotEqualTo(SourceAddress.parse("203.0.113.8"));
    }

    @Test
    void everyAddressOfAnIpv6Slash64IsOneSource() throws Exception {
        SourceAddress first = SourceAddress.of(InetAddress.getByName("2001:db8:1:2::1"));
        SourceAddress last = SourceAddress.of(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"));

        assertThat(first).isEqualTo(last);
        assertThat(first.toString()).isEqualTo("2001:db8:1:2::/64");
        assertThat(first).isNotEqualTo(SourceAddress.parse("2001:db8:1:3::1"));
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 203, 0, 113, 7};
        // Built as an Inet6Address on purpose: InetAddress.getByAddress would already convert it.
        SourceAddress source = SourceAddress.of(Inet6Address.getByAddress(null, mapped, -1));

        assertThat(source).isEqualTo(SourceAddress.parse("203.0.113.7"));
        assertThat(source.isIpv6()).isFalse();
        assertThat(SourceAddress.parse("::ffff:203.0.113.7")).isEqualTo(source);
    }

    @Test
    void theTextIsTheRfc5952FormOfThePrefix() {
        assertThat(SourceAddress.parse("2001:0DB8:0000:0000:0001:0002:0003:0004").toString())
                .isEqualTo("2001:db8::/64");
        assertThat(SourceAddress.parse("2001:db8:0:1:0:0:0:1").toString()).isEqualTo("2001:db8:0:1::/64");
        assertThat(SourceAddress.parse("fe80::1").toString()).isEqualTo("fe80::/64");
        assertThat(SourceAddress.parse("::1").toString()).isEqualTo("::/64");
    }

    @Test
    void parseReadsItsOwnTextBack() {
        SourceAddress prefix = SourceAddress.parse("2001:db8:1:2::9");

        assertThat(SourceAddress.parse(prefix.toString())).isEqualTo(prefix);
        assertThat(SourceAddress.parse("10.1.2.3").toString()).isEqualTo("10.1.2.3");
    }

    @Test
    void parseRefusesNamesOtherPrefixesZonesAndLooseIpv4Forms() {
        for (String text : new String[] {"localhost", "example.com", "2001:db8::/48", "10.0.0.1/64",
                "fe80::1%eth0", "1.2.3", "256.1.1.1", "01.2.3.4", "", "::g"}) {
            assertThatThrownBy(() -> SourceAddress.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
        }
    }

    @Test
    void loopbackIsIpv4LoopbackOrTheSlash64OfIpv6Loopback() {
        assertThat(SourceAddress.parse("127.0.0.5").isLoopback()).isTrue();
        assertThat(SourceAddress.parse("::1").isLoopback()).isTrue();
        assertThat(SourceAddress.parse("2001:db8::1").isLoopback()).isFalse();
        assertThat(SourceAddress.parse("10.0.0.1").isLoopback()).isFalse();
    }

    @Test
    void anIpv6NetworkWithHostBitsSetIsRefused() throws Exception {
        InetAddress host = InetAddress.getByName("2001:db8::1");

        assertThatThrownBy(() -> new SourceAddress(host)).isInstanceOf(IllegalArgumentException.class);
    }
}
