package dev.overlay.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile certificate extensions and keys fail as binding failures, never as crashes. */
class CertificateBindingEdgeCasesTest {

    private final CertificateBindingVerifier verifier =
            new CertificateBindingVerifier(Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC));

    @Test
    void extensionNamingAKeyThatIsNotAValidEd25519PointIsABindingFailure() {
        X509Certificate certificate = TestCertificates.certificate()
                .bindingClaiming(new byte[32], TestCertificates.newNodeKey()).build();

        assertThatThrownBy(() -> verifier.verify(certificate)).isInstanceOf(CertificateBindingException.class);
    }

    @Test
    void emptyExtensionIsABindingFailure() {
        X509Certificate certificate = TestCertificates.certificate().rawExtension(new byte[0]).build();

        assertThatThrownBy(() -> verifier.verify(certificate)).isInstanceOf(CertificateBindingException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7})
    void publicKeyThatIsNotAValidPointDoesNotVerify(int firstByte) {
        NodeKey key = NodeKey.generate(new SecureRandom());
        byte[] message = {1, 2, 3};
        byte[] invalid = new byte[32];
        invalid[0] = (byte) firstByte;

        assertThat(NodeKey.verify(invalid, message, key.sign(message))).isFalse();
    }
}
