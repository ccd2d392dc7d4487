package org.tqd.app;

/** The {@code tqd} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("tqd");
  }
}
