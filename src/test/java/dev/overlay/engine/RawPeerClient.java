package dev.overlay.engine;

import dev.overlay.identity.IdentityCertificate;
import dev.overlay.identity.NodeKey;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hand-driven peer-port client over blocking JDK sockets: it can present any certificate (or none),
 * send any bytes, and read raw HTTP answers and frames. Tests use it to play misbehaving peers.
 */
public final class RawPeerClient implements Closeable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawPeerClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Plain TCP, no TLS. */
    static RawPeerClient tcp(int port) throws IOException {
        return tcpFrom("127.0.0.1", port);
    }

    /** Plain TCP from a given loopback source address to the node on 127.0.0.1. */
    static RawPeerClient tcpFrom(String sourceHost, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(sourceHost, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawPeerClient(socket);
    }

    /** Connects with {@code cert}, sends one upgrade request and returns the node's answer. */
    static HttpAnswer upgradeOnce(int port, IdentityCertificate cert, Map<String, String> headers,
                                  String... extraHeaderLines) throws Exception {
        try (RawPeerClient client = tls(port, cert)) {
            client.sendRequest("GET / HTTP/1.1", headers, extraHeaderLines);
            return client.readAnswer();
        }
    }

    /** TLS 1.3 presenting {@code certificate}, or no client certificate when it is null. */
    public static RawPeerClient tls(int port, IdentityCertificate certificate) throws Exception {
        return tls(port, certificate, 0);
    }

    /** As {@link #tls(int, IdentityCertificate)}, with a small socket receive buffer when positive. */
    static RawPeerClient tls(int port, IdentityCertificate certificate, int receiveBuffer) throws Exception {
        return tls(port, certificate, receiveBuffer, new X509Certificate[0]);
    }

    /** TLS 1.3 presenting {@code certificate} followed by {@code moreChain} as its chain. */
    static RawPeerClient tlsWithChain(int port, IdentityCertificate certificate, X509Certificate... moreChain)
            throws Exception {
        return tls(port, certificate, 0, moreChain);
    }

    private static RawPeerClient tls(int port, IdentityCertificate certificate, int receiveBuffer,
                                     X509Certificate[] moreChain) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        KeyManager[] keys = null;
        if (certificate != null) {
            X509Certificate[] chain = new X509Certificate[1 + moreChain.length];
            chain[0] = certificate.certificate();
            System.arraycopy(moreChain, 0, chain, 1, moreChain.length);
            keys = new KeyManager[] {new FixedChain(certificate.privateKey(), chain)};
        }
        context.init(keys, new TrustManager[] {new TrustAll()}, RANDOM);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        return new RawPeerClient(socket);
    }

    public static IdentityCertificate identity(NodeKey key) {
        return IdentityCertificate.create(key, Clock.systemUTC(), RANDOM);
    }

    /** The headers of a well-formed upgrade request from {@code key}; tests then break one of them. */
    static Map<String, String> upgradeHeaders(NodeKey key, String networkId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1");
        headers.put("Upgrade", "OVL/1.0");
        headers.put("Connection", "Upgrade");
        headers.put("X-Network-Id", networkId);
        headers.put("X-Node-Public-Key", key.nodeId().hex());
        headers.put("X-Instance-Cookie", Long.toHexString(RANDOM.nextLong()));
        headers.put("X-Network-Time", Long.toString(Instant.now().getEpochSecond()));
        headers.put("X-Listen-Port", "0");
        headers.put("User-Agent", "raw-test-client");
        return headers;
    }

    /** Sends a request with {@code headers} plus raw header lines, e.g. a second value of one of them. */
    void sendRequest(String requestLine, Map<String, String> headers, String... extraHeaderLines) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        for (String line : extraHeaderLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        send(request.toString().getBytes(StandardCharsets.US_ASCII));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one frame with the given type and body bytes. */
    public void sendFrame(int type, byte[] body) throws IOException {
        send(java.nio.ByteBuffer.allocate(7 + body.length).putInt(body.length).putShort((short) type)
                .put((byte) 0).put(body).array());
    }

    /** Upgrades as {@code key} with a well-formed request and returns the answer's status. */
    public int upgrade(NodeKey key, String networkId) throws IOException {
        sendRequest("GET / HTTP/1.1", upgradeHeaders(key, networkId));
        return readAnswer().status();
    }

    /** Reads a status line, headers and a Content-Length body. */
    HttpAnswer readAnswer() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
        new DataInputStream(in).readFully(body);
        return new HttpAnswer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads one frame: header fields and body bytes. */
    RawFrame readFrame() throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        int type = data.readUnsignedShort();
        int flags = data.readUnsignedByte();
        byte[] body = new byte[length];
        data.readFully(body);
        return new RawFrame(type, flags, body);
    }

    /** Reads until the server closes the connection; true if it did before the read timeout. */
    boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // drain whatever the server still sends
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record HttpAnswer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record RawFrame(int type, int flags, byte[] body) {
    }

    /** Presents one key with exactly the chain given, however it is linked (a key store would check). */
    private static final class FixedChain extends X509ExtendedKeyManager {

        private static final String ALIAS = "node";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedChain(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
