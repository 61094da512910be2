package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint parsing accepts only plain ASCII host:port text. */
class EndpointStrictnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u212a.example:80", "example.com:\u0668\u0660", "example.com:+80", "[example.com]:80",
            "[192.0.2.1]:80", "[::::]:80", "[:.]:80"})
    void rejectsTextThatIsNotAStrictEndpoint(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsABracketedIpv6Literal() {
        assertThat(Endpoint.parse("[2001:db8::1]:51235")).isEqualTo(new Endpoint("2001:db8::1", 51235));
    }
}
