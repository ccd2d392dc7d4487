package org.tqd.app.check;

/**
 * The outcome of one readiness check of {@code tqd check}.
 *
 * @param name what was checked, such as {@code TDX report 1344}
 * @param outcome passed, failed, or skipped because a check it depends on failed
 * @param detail what was found: the evidence for a pass, what went wrong for a failure
 * @param fix what to do when it failed (null when it passed)
 */
public record CheckResult(String name, Outcome outcome, String detail, String fix) {

  /** How a check ended. */
  public enum Outcome {
    PASS,
    FAIL,
    SKIP
  }

  public static CheckResult pass(String name, String detail) {
    return new CheckResult(name, Outcome.PASS, detail, null);
  }

  public static CheckResult fail(String name, String detail, String fix) {
    return new CheckResult(name, Outcome.FAIL, detail, fix);
  }

  /** Not run because {@code because} failed. */
  public static CheckResult skip(String name, String because) {
    return new CheckResult(name, Outcome.SKIP, "not checked: " + because, null);
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }
}
