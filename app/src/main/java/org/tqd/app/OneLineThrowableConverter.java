package org.tqd.app;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Renders an event's exception on the event's own line, as {@code " [Type: message; caused by Type:
 * message]"}, never as a stack trace: below DEBUG, a failure is one line for an operator (Temporal
 * logs a warning with an exception for every failed activity attempt, thousands in a short database
 * outage). At DEBUG, {@link Logging} uses logback's full trace instead. Use as {@code %oneLineEx}
 * in a pattern; being a throwable converter, it stops logback from appending the trace itself.
 */
public final class OneLineThrowableConverter extends ThrowableHandlingConverter {

  /** Longest rendering, so that a huge message cannot flood a log line. */
  static final int MAX_LENGTH = 2_000;

  private static final int MAX_CAUSES = 5;

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy t = event.getThrowableProxy();
    if (t == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" [");
    int depth = 0;
    for (IThrowableProxy p = t; p != null && depth <= MAX_CAUSES; p = p.getCause(), depth++) {
      if (depth > 0) {
        sb.append("; caused by ");
      }
      String name = p.getClassName();
      sb.append(name.substring(name.lastIndexOf('.') + 1));
      String message = p.getMessage();
      if (message != null && !message.isBlank()) {
        sb.append(": ").append(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
      }
      if (sb.length() > MAX_LENGTH) {
        sb.setLength(MAX_LENGTH);
        sb.append('…');
        break;
      }
    }
    return sb.append(']').toString();
  }
}
