package dev.overlay.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "publish: topic=a seq=1".getBytes(StandardCharsets.UTF_8);

    private final NodeKey key = NodeKey.generate(RANDOM);

    @Test
    void nodeIdIsTheHexOfThe32BytePublicKey() {
        assertThat(key.publicKey()).hasSize(NodeId.PUBLIC_KEY_LENGTH);
        assertThat(key.nodeId().hex()).isEqualTo(HexFormat.of().formatHex(key.publicKey()));
    }

    @Test
    void publicKeyAccessorReturnsACopy() {
        key.publicKey()[0] ^= 1;

        assertThat(key.nodeId().publicKey()).isEqualTo(key.publicKey());
    }

    @Test
    void signatureIs64Bytes() {
        assertThat(key.sign(MESSAGE)).hasSize(NodeKey.SIGNATURE_LENGTH);
    }

    @Test
    void signatureVerifiesWithTheSignersPublicKey() {
        assertThat(NodeKey.verify(key.publicKey(), MESSAGE, key.sign(MESSAGE))).isTrue();
    }

    @Test
    void signatureDoesNotVerifyWithAnotherNodesPublicKey() {
        NodeKey other = NodeKey.generate(RANDOM);

        assertThat(NodeKey.verify(other.publicKey(), MESSAGE, key.sign(MESSAGE))).isFalse();
    }

    @Test
    void signatureDoesNotVerifyForATamperedMessage() {
        byte[] signature = key.sign(MESSAGE);
        byte[] tampered = MESSAGE.clone();
        tampered[tampered.length - 1] ^= 0x01;

        assertThat(NodeKey.verify(key.publicKey(), tampered, signature)).isFalse();
    }

    @Test
    void tamperedSignatureDoesNotVerify() {
        byte[] signature = key.sign(MESSAGE);
        signature[10] ^= 0x40;

        assertThat(NodeKey.verify(key.publicKey(), MESSAGE, signature)).isFalse();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 63, 65, 128})
    void signatureOfTheWrongLengthDoesNotVerify(int length) {
        byte[] signature = Arrays.copyOf(key.sign(MESSAGE), length);

        assertThat(NodeKey.verify(key.publicKey(), MESSAGE, signature)).isFalse();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 31, 33})
    void publicKeyOfTheWrongLengthDoesNotVerify(int length) {
        byte[] publicKey = Arrays.copyOf(key.publicKey(), length);

        assertThat(NodeKey.verify(publicKey, MESSAGE, key.sign(MESSAGE))).isFalse();
    }

    @Test
    void signatureVerifiesBySignerIdAgainOnceItsKeyIsRemembered() {
        byte[] other = "publish: topic=a seq=2".getBytes(StandardCharsets.UTF_8);

        assertThat(NodeKey.verify(key.nodeId(), MESSAGE, key.sign(MESSAGE))).isTrue();
        assertThat(NodeKey.verify(key.nodeId(), other, key.sign(other))).isTrue();
    }

    @Test
    void aRememberedSignerStillFailsForgedSignatures() {
        assertThat(NodeKey.verify(key.nodeId(), MESSAGE, key.sign(MESSAGE))).isTrue();
        byte[] forged = key.sign(MESSAGE);
        forged[10] ^= 0x01;

        assertThat(NodeKey.verify(key.nodeId(), MESSAGE, forged)).isFalse();
        assertThat(NodeKey.verify(key.nodeId(), MESSAGE, NodeKey.generate(RANDOM).sign(MESSAGE))).isFalse();
    }

    @Test
    void signingIsDeterministic() {
        assertThat(key.sign(MESSAGE)).isEqualTo(key.sign(MESSAGE));
    }
}
