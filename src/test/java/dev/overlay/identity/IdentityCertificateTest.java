package dev.overlay.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Signature;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdentityCertificateTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.fixed(TestCertificates.NOW, ZoneOffset.UTC);

    private final NodeKey nodeKey = NodeKey.generate(RANDOM);
    private final IdentityCertificate identity = IdentityCertificate.create(nodeKey, CLOCK, RANDOM);

    @Test
    void certificateKeyIsAnEphemeralP256KeyNotTheNodeKey() {
        X509Certificate certificate = identity.certificate();

        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(IdentityCertificate.create(nodeKey, CLOCK, RANDOM).certificate().getPublicKey())
                .as("a second certificate gets a fresh key")
                .isNotEqualTo(certificate.getPublicKey());
    }

    @Test
    void certificateIsSelfSigned() throws Exception {
        X509Certificate certificate = identity.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    }

    @Test
    void subjectNamesTheNodeIdShortForm() {
        assertThat(identity.certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=" + nodeKey.nodeId().shortForm());
    }

    @Test
    void privateKeyBelongsToTheCertificateKey() throws Exception {
        byte[] data = {1, 2, 3};
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(identity.privateKey());
        signer.update(data);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(identity.certificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void validityStartsAnHourBeforeCreationToTolerateSlowClocksAndLastsAYear() {
        X509Certificate certificate = identity.certificate();

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(TestCertificates.NOW.minus(Duration.ofHours(1)));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(TestCertificates.NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void carriesTheBindingExtensionAsNonCritical() {
        X509Certificate certificate = identity.certificate();

        assertThat(certificate.getNonCriticalExtensionOIDs()).contains(IdentityCertificate.BINDING_EXTENSION.getId());
        assertThat(certificate.getCriticalExtensionOIDs()).isNullOrEmpty();
    }

    @Test
    void bindingProvesTheNodeIdToTheVerifier() throws Exception {
        NodeId verified = new CertificateBindingVerifier(CLOCK).verify(identity.certificate());

        assertThat(verified).isEqualTo(nodeKey.nodeId());
    }
}
