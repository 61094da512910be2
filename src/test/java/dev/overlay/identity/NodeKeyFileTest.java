package dev.overlay.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dataDir;

    private NodeKeyFile keyFile() {
        return new NodeKeyFile(dataDir);
    }

    @Test
    void createsTheKeyFileReadableAndWritableByItsOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");

        keyFile().loadOrCreate(RANDOM);

        assertThat(Files.getPosixFilePermissions(dataDir.resolve(NodeKeyFile.FILE_NAME)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void createsTheDataDirectoryWhenItDoesNotExistYet() {
        Path nested = dataDir.resolve("a/b");

        new NodeKeyFile(nested).loadOrCreate(RANDOM);

        assertThat(nested.resolve(NodeKeyFile.FILE_NAME)).isRegularFile();
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        keyFile().loadOrCreate(RANDOM);

        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(NodeKeyFile.FILE_NAME);
        }
    }

    @Test
    void reloadingTheFileGivesTheSameNodeId() {
        NodeKey created = keyFile().loadOrCreate(RANDOM);

        assertThat(new NodeKeyFile(dataDir).load().nodeId()).isEqualTo(created.nodeId());
        assertThat(new NodeKeyFile(dataDir).loadOrCreate(RANDOM).nodeId()).isEqualTo(created.nodeId());
    }

    @Test
    void reloadedKeyProducesSignaturesTheOriginalPublicKeyVerifies() {
        NodeKey created = keyFile().loadOrCreate(RANDOM);
        byte[] message = "hello".getBytes(StandardCharsets.US_ASCII);

        byte[] signature = new NodeKeyFile(dataDir).load().sign(message);

        assertThat(NodeKey.verify(created.publicKey(), message, signature)).isTrue();
    }

    @Test
    void writesAPkcs8PemThatTheJdkReadsAsAnEd25519Key() throws Exception {
        keyFile().loadOrCreate(RANDOM);
        String pem = Files.readString(dataDir.resolve(NodeKeyFile.FILE_NAME), StandardCharsets.US_ASCII);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        PrivateKey key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void corruptFileIsRejectedWithAMessageNamingItAndIsKeptAsItWas() throws IOException {
        byte[] garbage = "this is not a key\n".getBytes(StandardCharsets.US_ASCII);

        assertRejectedAndUntouched(garbage);
    }

    @Test
    void pemCutOffBeforeItsEndLineIsRejectedAndKeptAsItWas() throws IOException {
        String pem = validPem();

        assertRejectedAndUntouched(pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void pemWhoseKeyBytesAreTruncatedIsRejectedAndKeptAsItWas() throws IOException {
        String pem = validPem();
        String begin = "-----BEGIN PRIVATE KEY-----\n";
        String body = pem.substring(begin.length(), pem.indexOf("-----END"));
        String truncated = begin + body.substring(0, 40) + "\n-----END PRIVATE KEY-----\n";

        assertRejectedAndUntouched(truncated.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void pemHoldingAnEcKeyInsteadOfAnEd25519KeyIsRejectedAndKeptAsItWas() throws IOException {
        byte[] pkcs8 = TestCertificates.newP256KeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";

        IdentityException rejection = assertRejectedAndUntouched(pem.getBytes(StandardCharsets.US_ASCII));

        assertThat(rejection).hasMessageContaining("not an Ed25519 key");
    }

    @Test
    void keyFileThatCannotBeReadIsRejectedWithAMessageNamingIt() throws IOException {
        Path file = dataDir.resolve(NodeKeyFile.FILE_NAME);
        Files.createDirectory(file); // exists, but reading it as a file fails even for root

        assertThatThrownBy(() -> keyFile().loadOrCreate(RANDOM))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("cannot be read");
        assertThat(file).isDirectory().isEmptyDirectory();
    }

    @Test
    void keyFileWithoutReadPermissionIsRejectedAndKeptAsItWas() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = dataDir.resolve(NodeKeyFile.FILE_NAME);
        byte[] pem = validPem().getBytes(StandardCharsets.US_ASCII);
        Files.write(file, pem);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(file)).as("not running as root").isFalse();
        try {
            assertThatThrownBy(() -> keyFile().loadOrCreate(RANDOM))
                    .isInstanceOf(IdentityException.class)
                    .hasMessageContaining(file.toString());
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(pem);
    }

    /** A valid key file's text, generated in a separate directory. */
    private String validPem() throws IOException {
        Path elsewhere = Files.createDirectory(dataDir.resolve("elsewhere"));
        NodeKeyFile file = new NodeKeyFile(elsewhere);
        file.loadOrCreate(RANDOM);
        return Files.readString(file.path(), StandardCharsets.US_ASCII);
    }

    private IdentityException assertRejectedAndUntouched(byte[] content) throws IOException {
        Path file = dataDir.resolve(NodeKeyFile.FILE_NAME);
        Files.write(file, content);
        List<Path> before = listing();

        IdentityException fromLoad = catchIdentityException(() -> keyFile().load());
        IdentityException fromLoadOrCreate = catchIdentityException(() -> keyFile().loadOrCreate(RANDOM));

        assertThat(List.of(fromLoad, fromLoadOrCreate)).allSatisfy(e ->
                assertThat(e).hasMessageContaining(file.toString()).hasMessageContaining("Refusing to start"));
        assertThat(Files.readAllBytes(file)).as("key file content").isEqualTo(content);
        assertThat(listing()).as("data directory").isEqualTo(before);
        return fromLoadOrCreate;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.sorted().toList();
        }
    }

    private static IdentityException catchIdentityException(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).isInstanceOf(IdentityException.class);
        return (IdentityException) thrown;
    }
}
