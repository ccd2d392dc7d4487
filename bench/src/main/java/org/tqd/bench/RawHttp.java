package org.tqd.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket, for load generation: GET only, responses
 * framed by {@code Content-Length}. Not thread-safe; one per load thread.
 */
final class RawHttp implements AutoCloseable {

  private final String host;
  private final String basePath;
  private final String token;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawHttp(String baseUrl, String token) throws IOException {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost() + ":" + uri.getPort();
    this.basePath = uri.getPath();
    this.token = token;
    this.socket = new Socket(uri.getHost(), uri.getPort());
    socket.setTcpNoDelay(true);
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  /** Sends {@code GET basePath + path} and reads the whole response; returns the status. */
  int get(String path) throws IOException {
    String request =
        "GET "
            + basePath
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nAuthorization: Bearer "
            + token
            + "\r\nAccept: application/json\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    for (String h = line(); !h.isEmpty(); h = line()) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      }
    }
    long skipped = 0;
    while (skipped < length) {
      long n = in.skip(length - skipped);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed mid-body");
        }
        n = 1;
      }
      skipped += n;
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
