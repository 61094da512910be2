package dev.overlay.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.overlay.identity.NodeKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedMessageTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NodeKey ORIGIN = NodeKey.generate(RANDOM);
    private static final NodeKey OTHER = NodeKey.generate(RANDOM);
    private static final int MAX_PAYLOAD = 1024;
    private static final Instant TIMESTAMP = Instant.parse("2030-01-01T12:00:00.123Z");
    private static final byte[] PAYLOAD = "hello overlay".getBytes(StandardCharsets.UTF_8);

    private final SignedMessage signed = SignedMessage.sign(ORIGIN, "chat/general", 7, TIMESTAMP, PAYLOAD);

    private static SignedMessage wire(byte[] origin, String topic, long sequence, long timestampMillis, byte[] payload,
                                      byte[] signature) {
        return SignedMessage.fromWire(origin, topic, sequence, timestampMillis, payload, signature, MAX_PAYLOAD);
    }

    private SignedMessage copyOf(SignedMessage m) {
        return wire(m.origin().publicKey(), m.topic(), m.sequence(), m.timestamp().toEpochMilli(), m.payload(),
                m.signature());
    }

    @Test
    void aFreshlySignedMessageHasAValidSignature() {
        assertThat(signed.hasValidSignature()).isTrue();
        assertThat(signed.origin()).isEqualTo(ORIGIN.nodeId());
        assertThat(signed.signature()).hasSize(NodeKey.SIGNATURE_LENGTH);
    }

    @Test
    void rebuildingFromTheSameWireFieldsReproducesTheIdAndVerifies() {
        SignedMessage copy = copyOf(signed);

        assertThat(copy.id()).isEqualTo(signed.id());
        assertThat(copy.hasValidSignature()).isTrue();
        assertThat(copy.payload()).isEqualTo(PAYLOAD);
        assertThat(copy.topic()).isEqualTo("chat/general");
        assertThat(copy.sequence()).isEqualTo(7);
        assertThat(copy.timestamp()).isEqualTo(TIMESTAMP);
    }

    @Test
    void tamperingWithThePayloadChangesTheIdAndBreaksTheSignature() {
        byte[] payload = signed.payload();
        payload[0] ^= 1;

        SignedMessage tampered = wire(ORIGIN.publicKey(), signed.topic(), signed.sequence(),
                signed.timestamp().toEpochMilli(), payload, signed.signature());

        assertThat(tampered.id()).isNotEqualTo(signed.id());
        assertThat(tampered.hasValidSignature()).isFalse();
    }

    @Test
    void tamperingWithTheTopicChangesTheIdAndBreaksTheSignature() {
        SignedMessage tampered = wire(ORIGIN.publicKey(), "chat/other", signed.sequence(),
                signed.timestamp().toEpochMilli(), signed.payload(), signed.signature());

        assertThat(tampered.id()).isNotEqualTo(signed.id());
        assertThat(tampered.hasValidSignature()).isFalse();
    }

    @Test
    void tamperingWithTheSequenceChangesTheIdAndBreaksTheSignature() {
        SignedMessage tampered = wire(ORIGIN.publicKey(), signed.topic(), signed.sequence() + 1,
                signed.timestamp().toEpochMilli(), signed.payload(), signed.signature());

        assertThat(tampered.id()).isNotEqualTo(signed.id());
        assertThat(tampered.hasValidSignature()).isFalse();
    }

    @Test
    void tamperingWithTheTimestampChangesTheIdAndBreaksTheSignature() {
        SignedMessage tampered = wire(ORIGIN.publicKey(), signed.topic(), signed.sequence(),
                signed.timestamp().toEpochMilli() + 1, signed.payload(), signed.signature());

        assertThat(tampered.id()).isNotEqualTo(signed.id());
        assertThat(tampered.hasValidSignature()).isFalse();
    }

    @Test
    void claimingAnotherOriginChangesTheIdAndBreaksTheSignature() {
        SignedMessage tampered = wire(OTHER.publicKey(), signed.topic(), signed.sequence(),
                signed.timestamp().toEpochMilli(), signed.payload(), signed.signature());

        assertThat(tampered.origin()).isEqualTo(OTHER.nodeId());
        assertThat(tampered.id()).isNotEqualTo(signed.id());
        assertThat(tampered.hasValidSignature()).isFalse();
    }

    @Test
    void aSignatureMadeByAnotherKeyDoesNotVerify() {
        SignedMessage byOther = SignedMessage.sign(OTHER, signed.topic(), signed.sequence(), signed.timestamp(),
                signed.payload());

        SignedMessage forged = wire(ORIGIN.publicKey(), signed.topic(), signed.sequence(),
                signed.timestamp().toEpochMilli(), signed.payload(), byOther.signature());

        assertThat(forged.id()).isEqualTo(signed.id());
        assertThat(forged.hasValidSignature()).isFalse();
    }

    @Test
    void theSignatureAccessorReturnsACopy() {
        signed.signature()[0] ^= 1;
        signed.payload()[0] ^= 1;

        assertThat(signed.hasValidSignature()).isTrue();
        assertThat(signed.payload()).isEqualTo(PAYLOAD);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33})
    void fromWireRejectsAnOriginThatIsNot32Bytes(int length) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> wire(new byte[length], "t", 1, 0, PAYLOAD, signed.signature()))
                .withMessageContaining("origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\t", "caf\u00e9", "semi;colon"})
    void fromWireRejectsATopicWithIllegalCharacters(String topic) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> wire(ORIGIN.publicKey(), topic, 1, 0, PAYLOAD, signed.signature()))
                .withMessageContaining("topic");
    }

    @Test
    void fromWireRejectsATopicOf65Characters() {
        String topic = "a".repeat(SignedMessage.MAX_TOPIC_LENGTH + 1);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> wire(ORIGIN.publicKey(), topic, 1, 0, PAYLOAD, signed.signature()))
                .withMessageContaining("topic");
    }

    @Test
    void fromWireAcceptsATopicOf64CharactersOfEveryAllowedKind() {
        String topic = ("Az09._/-").repeat(8);

        assertThat(wire(ORIGIN.publicKey(), topic, 1, 0, PAYLOAD, signed.signature()).topic()).isEqualTo(topic);
    }

    @Test
    void fromWireRejectsAPayloadOverTheLimit() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> wire(ORIGIN.publicKey(), "t", 1, 0, new byte[MAX_PAYLOAD + 1], signed.signature()))
                .withMessageContaining("payload");
    }

    @Test
    void fromWireAcceptsAPayloadExactlyAtTheLimit() {
        assertThat(wire(ORIGIN.publicKey(), "t", 1, 0, new byte[MAX_PAYLOAD], signed.signature()).payloadSize())
                .isEqualTo(MAX_PAYLOAD);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 63, 65})
    void fromWireRejectsASignatureThatIsNot64Bytes(int length) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> wire(ORIGIN.publicKey(), "t", 1, 0, PAYLOAD, new byte[length]))
                .withMessageContaining("signature");
    }

    @Test
    void signRejectsAnIllegalTopic() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SignedMessage.sign(ORIGIN, "no spaces", 1, TIMESTAMP, PAYLOAD))
                .withMessageContaining("topic");
    }

    @Test
    void messageIdHexParsesBackToTheSameId() {
        MessageId id = signed.id();

        assertThat(id.hex()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(MessageId.parse(id.hex())).isEqualTo(id);
        assertThat(id).hasToString(id.hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "zz", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg"})
    void messageIdParseRejectsTextThatIsNot64HexCharacters(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> MessageId.parse(text))
                .withMessageContaining("message id");
    }

    @Test
    void messageIdParseRejectsUppercaseAndWrongLengthAndNull() {
        String hex = signed.id().hex();

        assertThatIllegalArgumentException().isThrownBy(() -> MessageId.parse(hex.toUpperCase()));
        assertThatIllegalArgumentException().isThrownBy(() -> MessageId.parse(hex + "0"));
        assertThatIllegalArgumentException().isThrownBy(() -> MessageId.parse(hex.substring(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> MessageId.parse(null));
    }
}
