package org.tqd.activities.ledger;

import java.time.Duration;
import java.util.Objects;

/** How {@link Database} connects and pools. Immutable; build with {@link #builder()}. */
public final class DatabaseOptions {

  private final int maximumPoolSize;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final String applicationName;

  private DatabaseOptions(Builder b) {
    this.maximumPoolSize = b.maximumPoolSize;
    this.connectTimeout = b.connectTimeout;
    this.socketTimeout = b.socketTimeout;
    this.applicationName = b.applicationName;
  }

  /** The defaults described on each builder method. */
  public static DatabaseOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maximumPoolSize() {
    return maximumPoolSize;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration socketTimeout() {
    return socketTimeout;
  }

  public String applicationName() {
    return applicationName;
  }

  /** Builder of {@link DatabaseOptions}. */
  public static final class Builder {
    private int maximumPoolSize = 4;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private String applicationName = "tqd";

    private Builder() {}

    /**
     * Most connections the pool opens. Default is 4: ledger statements are short, and the asset
     * index refresh holds one connection for its lock while it writes through another. Minimum 2.
     */
    public Builder maximumPoolSize(int size) {
      if (size < 2) {
        throw new IllegalArgumentException("maximumPoolSize must be at least 2, got " + size);
      }
      this.maximumPoolSize = size;
      return this;
    }

    /**
     * How long opening a connection, or waiting for a free one in the pool, may take before the
     * database counts as unreachable. Default is 5 seconds; at least 1 second (the driver counts in
     * whole seconds).
     */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "connectTimeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("connectTimeout must be at least 1 s, got " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How long a statement may wait for the server's answer before the connection is abandoned.
     * Default is 60 seconds; {@link Duration#ZERO} means no limit.
     */
    public Builder socketTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "socketTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("socketTimeout must not be negative, got " + timeout);
      }
      this.socketTimeout = timeout;
      return this;
    }

    /** Name shown in {@code pg_stat_activity}. Default is {@code tqd}. */
    public Builder applicationName(String name) {
      this.applicationName = Objects.requireNonNull(name, "applicationName");
      return this;
    }

    public DatabaseOptions build() {
      return new DatabaseOptions(this);
    }
  }
}
