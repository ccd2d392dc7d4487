package org.tqd.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny test client over java.net.http: raw requests against a sandbox, JSON parsing. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  /**
   * @param base e.g. {@code http://127.0.0.1:1234/TDWebApi/api}
   */
  Http(String base) {
    this.base = base;
  }

  Http token(String token) {
    this.token = token;
    return this;
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  HttpResponse<String> post(String path, String json) {
    return send("POST", path, json);
  }

  HttpResponse<String> send(String method, String path, String json) {
    return send(method, path, json, "application/json", Duration.ofSeconds(10));
  }

  HttpResponse<String> send(
      String method, String path, String body, String contentType, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** Logs in with the service account and remembers the token. */
  static Http loggedIn(TdxSandbox sandbox) {
    Http http = new Http(sandbox.baseUrl());
    HttpResponse<String> r =
        http.post(
            "/auth/loginadmin",
            "{\"BEID\":\""
                + sandbox.beid()
                + "\",\"WebServicesKey\":\""
                + sandbox.webServicesKey()
                + "\"}");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    }
    return http.token(r.body().trim());
  }
}
