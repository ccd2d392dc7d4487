package org.tqd.tdx.it;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tqd.tdx.TdxCallListener;

/** Records every exchange a client reports. */
final class CallLog implements TdxCallListener {

  record Call(String template, int status, long durationNanos) {}

  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  @Override
  public void onCall(String methodTemplate, int status, long durationNanos) {
    calls.add(new Call(methodTemplate, status, durationNanos));
  }

  List<Call> all() {
    return List.copyOf(calls);
  }

  long count(String template) {
    return calls.stream().filter(c -> c.template().equals(template)).count();
  }

  long count(String template, int status) {
    return calls.stream()
        .filter(c -> c.template().equals(template) && c.status() == status)
        .count();
  }

  long countStatus(int status) {
    return calls.stream().filter(c -> c.status() == status).count();
  }
}
