package org.tqd.console.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tqd.console.ApiErrors;
import org.tqd.console.ConsoleRoutes;
import org.tqd.console.auth.Authenticator;
import org.tqd.console.auth.Caller;
import org.tqd.console.auth.Role;

/**
 * Temporal's remote codec protocol, so that the Temporal Web UI and the {@code temporal} CLI show
 * the payloads tqd encrypts to the people allowed to read them: {@code POST /codec/decode} and
 * {@code POST /codec/encode}, each taking and returning {@code {"payloads":[{"metadata":{"k":
 * "<base64>"},"data":"<base64>"}]}} (protobuf JSON of {@code temporal.api.common.v1.Payloads}).
 *
 * <ul>
 *   <li>Decode needs the permission {@code read} (every role); encode needs {@code actions:run}
 *       (operator, admin), since encoded input is what the Web UI sends to start or signal.
 *   <li>{@code X-Namespace}: payloads of the namespace tqd runs in are encoded or decoded; those of
 *       any other namespace are returned as they came, since tqd's keys are not theirs.
 *   <li>Decoding passes unencrypted payloads through; a payload that needs a key tqd does not have
 *       is refused (400) naming the key.
 * </ul>
 */
public final class CodecEndpoint implements ConsoleRoutes {

  private static final Logger log = LoggerFactory.getLogger(CodecEndpoint.class);

  /** The header the Web UI and CLI name the namespace in. */
  public static final String NAMESPACE_HEADER = "X-Namespace";

  private final PayloadCodec codec;
  private final Authenticator auth;
  private final String namespace;

  public CodecEndpoint(PayloadCodec codec, Authenticator auth, String namespace) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/codec/decode", ctx -> handle(ctx, false));
    routes.post("/codec/encode", ctx -> handle(ctx, true));
  }

  private void handle(Context ctx, boolean encode) {
    Caller caller =
        auth.authorize(
            ctx.header("Authorization"),
            ctx.ip(),
            encode ? Role.Permissions.RUN : Role.Permissions.READ);
    Payloads.Builder request = Payloads.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(ctx.body(), request);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      ApiErrors.write(
          ctx,
          400,
          "INVALID_ARGUMENT",
          "the body must be {\"payloads\":[{\"metadata\":{…},\"data\":\"<base64>\"}]}");
      return;
    }
    String ns = ctx.header(NAMESPACE_HEADER);
    boolean ours = ns == null || ns.isBlank() || ns.strip().equals(namespace);
    List<io.temporal.api.common.v1.Payload> payloads = request.getPayloadsList();
    if (ours) {
      try {
        payloads = encode ? codec.encode(payloads) : codec.decode(payloads);
      } catch (PayloadCodecException e) {
        ApiErrors.write(ctx, 400, "CODEC_ERROR", e.getMessage());
        return;
      }
    }
    log.info(
        "codec: {} of {} payload(s){} by {} ({} via {})",
        encode ? "encode" : "decode",
        payloads.size(),
        ours ? "" : " of namespace " + ns + " (not tqd's: returned as they came)",
        caller.name(),
        caller.role().wireName(),
        caller.via());
    try {
      ctx.contentType("application/json");
      ctx.result(
          JsonFormat.printer()
              .omittingInsignificantWhitespace()
              .print(Payloads.newBuilder().addAllPayloads(payloads)));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payloads cannot be written as JSON", e);
    }
  }
}
