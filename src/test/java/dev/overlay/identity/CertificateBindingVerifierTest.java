package dev.overlay.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateBindingVerifierTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = TestCertificates.NOW;

    private final NodeKey nodeKey = TestCertificates.newNodeKey();
    private final CertificateBindingVerifier verifier = verifierAt(NOW);

    private static CertificateBindingVerifier verifierAt(Instant now) {
        return new CertificateBindingVerifier(Clock.fixed(now, ZoneOffset.UTC));
    }

    private IdentityCertificate freshIdentityCertificate() {
        return IdentityCertificate.create(nodeKey, Clock.fixed(NOW, ZoneOffset.UTC), RANDOM);
    }

    @Test
    void freshIdentityCertificateVerifiesToItsNodeId() throws Exception {
        X509Certificate certificate = freshIdentityCertificate().certificate();

        assertThat(verifier.verify(new Certificate[] {certificate})).isEqualTo(nodeKey.nodeId());
    }

    @Test
    void correctlyBoundCertificateFromAnotherBuilderVerifiesToo() throws Exception {
        // Guards the negative tests below: the test builder's certificates are fine unless told otherwise.
        X509Certificate certificate = TestCertificates.certificate().boundTo(nodeKey).build();

        assertThat(verifier.verify(certificate)).isEqualTo(nodeKey.nodeId());
    }

    @Test
    void chainOfTwoCertificatesIsRejected() {
        X509Certificate certificate = freshIdentityCertificate().certificate();
        X509Certificate other = TestCertificates.certificate().boundTo(TestCertificates.newNodeKey()).build();

        assertThatThrownBy(() -> verifier.verify(new Certificate[] {certificate, other}))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("exactly one");
    }

    @Test
    void emptyOrMissingChainIsRejected() {
        assertThatThrownBy(() -> verifier.verify(new Certificate[0])).isInstanceOf(CertificateBindingException.class);
        assertThatThrownBy(() -> verifier.verify((Certificate[]) null)).isInstanceOf(CertificateBindingException.class);
    }

    @Test
    void certificateWithoutTheBindingExtensionIsRejected() {
        X509Certificate certificate = TestCertificates.certificate().build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("no node identity extension");
    }

    @Test
    void bindingSignedByAnotherKeyThanTheOneItNamesIsRejected() {
        NodeKey impostor = TestCertificates.newNodeKey();
        X509Certificate certificate = TestCertificates.certificate()
                .bindingClaiming(nodeKey.publicKey(), impostor).build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void bindingCopiedFromAnotherCertificateIsRejected() {
        X509Certificate certificate = TestCertificates.certificate().bindingCopiedFromAnotherCertificate(nodeKey).build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("does not verify");
    }

    static Stream<Arguments> garbageExtensions() {
        DEROctetString key = new DEROctetString(new byte[32]);
        DEROctetString signature = new DEROctetString(new byte[64]);
        return Stream.of(
                Arguments.of("bytes that are not DER", new byte[] {0x01, 0x02, (byte) 0xff, 0x7f}),
                Arguments.of("a truncated sequence", Arrays.copyOf(der(new DERSequence(new ASN1Encodable[] {key, signature})), 20)),
                Arguments.of("an integer instead of a sequence", der(new ASN1Integer(42))),
                Arguments.of("an empty sequence", der(new DERSequence())),
                Arguments.of("a sequence of three octet strings", der(new DERSequence(new ASN1Encodable[] {key, signature, key}))),
                Arguments.of("a sequence of strings", der(new DERSequence(new ASN1Encodable[] {
                    new DERUTF8String("key"), new DERUTF8String("signature")}))),
                Arguments.of("a sequence followed by extra bytes", concat(der(new DERSequence(new ASN1Encodable[] {key, signature})), new byte[] {0})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageExtensions")
    void extensionHoldingGarbageIsRejected(String description, byte[] content) {
        X509Certificate certificate = TestCertificates.certificate().rawExtension(content).build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("node identity extension");
    }

    @Test
    void extensionNamingAKeyOfTheWrongLengthIsRejected() {
        X509Certificate certificate = TestCertificates.certificate()
                .bindingClaiming(Arrays.copyOf(nodeKey.publicKey(), 31), nodeKey).build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("must be 32 bytes");
    }

    @Test
    void oversizedExtensionIsRejectedBeforeParsing() {
        X509Certificate certificate = TestCertificates.certificate()
                .extension(new DERSequence(new ASN1Encodable[] {
                    new DEROctetString(nodeKey.publicKey()), new DEROctetString(new byte[600])}))
                .build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void certificateThatExpiredByTheVerifiersClockIsRejected() {
        X509Certificate certificate = freshIdentityCertificate().certificate();
        Instant afterExpiry = certificate.getNotAfter().toInstant().plusSeconds(1);

        assertThatThrownBy(() -> verifierAt(afterExpiry).verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("not a valid self-signed certificate");
    }

    @Test
    void certificateIsAcceptedUntilItsLastValidSecond() throws Exception {
        X509Certificate certificate = freshIdentityCertificate().certificate();

        assertThat(verifierAt(certificate.getNotAfter().toInstant()).verify(certificate)).isEqualTo(nodeKey.nodeId());
    }

    @Test
    void certificateThatIsNotYetValidByTheVerifiersClockIsRejected() {
        X509Certificate certificate = TestCertificates.certificate().boundTo(nodeKey)
                .validity(NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofDays(1))).build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("not a valid self-signed certificate");
    }

    @Test
    void certificateSignedByAnotherKeyThanItsOwnIsRejected() {
        X509Certificate certificate = TestCertificates.certificate().boundTo(nodeKey)
                .signedBy(TestCertificates.newP256KeyPair().getPrivate()).build();

        assertThatThrownBy(() -> verifier.verify(certificate))
                .isInstanceOf(CertificateBindingException.class)
                .hasMessageContaining("not a valid self-signed certificate");
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
