package dev.engram.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A deliberately plain HTTP/1.1 client over {@link Socket}: it puts on the wire exactly the request
 * line, headers and bytes it is given (bad percent-escapes, odd methods, chunked bodies), which
 * {@code java.net.http} and REST Assured refuse to do. One connection per request
 * ({@code Connection: close}); the whole exchange must finish within the deadline.
 */
final class FuzzHttp {

    /** One request exactly as it goes on the wire (the client adds Host, Connection and Content-Length). */
    record Request(String method, String target, List<String[]> headers, byte[] body, boolean chunked) {

        byte[] toBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: localhost\r\nConnection: close\r\n");
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (chunked) {
                byte[] b = body == null ? new byte[0] : body;
                // Chunks of up to 7 bytes, so the body really arrives in pieces.
                for (int i = 0; i < b.length; i += 7) {
                    int n = Math.min(7, b.length - i);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(b, i, n);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    /** The answer; {@code error} is set (and {@code status} is 0) when none came in time. */
    record Response(int status, Map<String, String> headers, byte[] body, long millis, String error) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-writer");
        t.setDaemon(true);
        return t;
    });

    private final String host;
    private final int port;
    private final int timeoutMillis;

    FuzzHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    Response send(Request request) {
        long start = System.nanoTime();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] bytes = request.toBytes();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            // The body is written by another thread: a server that answers early (413) and stops
            // reading must not block this one, which reads the answer against the deadline.
            OutputStream out = socket.getOutputStream();
            WRITERS.submit(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException ignored) {
                    // the server closed early; its answer (if any) is read below
                }
            });
            Deadline in = new Deadline(socket, deadline);
            while (true) {
                Map<String, String> headers = new LinkedHashMap<>();
                int status = readHead(in, headers);
                if (status >= 100 && status < 200) {
                    continue; // 100 Continue and other interim answers
                }
                byte[] body = readBody(in, headers, status, request.method().equals("HEAD"));
                return new Response(status, headers, body, (System.nanoTime() - start) / 1_000_000, null);
            }
        } catch (SocketTimeoutException e) {
            return new Response(0, Map.of(), new byte[0], (System.nanoTime() - start) / 1_000_000,
                    "no complete answer within " + timeoutMillis + " ms");
        } catch (IOException e) {
            return new Response(0, Map.of(), new byte[0], (System.nanoTime() - start) / 1_000_000,
                    "connection failed: " + e);
        }
    }

    private static int readHead(Deadline in, Map<String, String> headers) throws IOException {
        String statusLine = in.line();
        if (statusLine == null) {
            throw new IOException("connection closed without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        String line;
        while ((line = in.line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return status;
    }

    private static byte[] readBody(Deadline in, Map<String, String> headers, int status, boolean head) throws IOException {
        if (head || status == 204 || status == 304) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String size = in.line();
                if (size == null) {
                    throw new IOException("connection closed inside a chunked answer");
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    String trailer;
                    while ((trailer = in.line()) != null && !trailer.isEmpty()) {
                        // trailers are ignored
                    }
                    return body.toByteArray();
                }
                body.writeBytes(in.bytes(n));
                in.line();
            }
        }
        if (headers.containsKey("content-length")) {
            return in.bytes(Integer.parseInt(headers.get("content-length")));
        }
        return in.rest();
    }

    /** Reads from a socket, failing with {@link SocketTimeoutException} once the deadline has passed. */
    private static final class Deadline {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        Deadline(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.deadline = deadline;
        }

        private int read() throws IOException {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) left);
            return in.read();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = read()) != -1) {
                if (c == '\n') {
                    byte[] b = line.toByteArray();
                    int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                    return new String(b, 0, n, StandardCharsets.ISO_8859_1);
                }
                line.write(c);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] bytes(int n) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                int c = read();
                if (c == -1) {
                    throw new IOException("connection closed after " + i + " of " + n + " body bytes");
                }
                out.write(c);
            }
            return out.toByteArray();
        }

        byte[] rest() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c;
            while ((c = read()) != -1) {
                out.write(c);
            }
            return out.toByteArray();
        }
    }

    /** A copy of the headers list, so mutations never share state with the baseline. */
    static List<String[]> copy(List<String[]> headers) {
        List<String[]> copy = new ArrayList<>();
        headers.forEach(h -> copy.add(new String[] {h[0], h[1]}));
        return copy;
    }
}
