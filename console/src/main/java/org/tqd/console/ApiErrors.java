package org.tqd.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tqd.console.auth.AuthException;

/**
 * The console's error bodies: {@code {"error":{"code":…,"message":…}}}, plus {@code
 * required_permission} and {@code user_role} on a 403.
 */
public final class ApiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiErrors() {}

  /** Writes the error of a refused request. */
  public static void write(Context ctx, AuthException e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code());
    error.put("message", e.getMessage());
    if (e.status() == 403 && "INSUFFICIENT_PERMISSIONS".equals(e.code())) {
      error.put("required_permission", e.requiredPermission());
      error.put("user_role", e.userRole());
    }
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    write(ctx, e.status(), error);
  }

  /** Writes an error with this status, code and message. */
  public static void write(Context ctx, int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    write(ctx, status, error);
  }

  private static void write(Context ctx, int status, Map<String, Object> error) {
    ctx.status(status);
    ctx.contentType("application/json");
    try {
      ctx.result(JSON.writeValueAsString(Map.of("error", error)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
