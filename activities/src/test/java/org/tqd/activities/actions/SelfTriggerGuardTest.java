package org.tqd.activities.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.sandbox.TdxSandbox;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.model.FeedPost;
import org.tqd.tdx.model.Ticket;
import org.tqd.workflows.rules.ConditionEvaluator;

/**
 * Rules never see tqd's own changes: {@code ModifiedDate} as the ticket activity returns it, over
 * real HTTP against the sandbox (which records the API account as the modifier of its writes).
 */
class SelfTriggerGuardTest {

  TdxSandbox sandbox;
  TdxClient tdx;
  TicketActivitiesImpl activities;

  @BeforeEach
  void start() {
    sandbox = TdxSandbox.builder().tickets(3).seed(11).build().start();
    tdx = new TdxClient(Harness.config(sandbox).build());
    activities = new TicketActivitiesImpl(tdx, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    tdx.close();
    sandbox.close();
  }

  @Test
  void aChangeByTqdsOwnAccountDoesNotMoveModifiedDate() {
    int id = sandbox.reportTickets().get(0);
    Ticket before = activities.fetchTicket(id);
    assertThat(before.otherFields()).doesNotContainKey("TdxModifiedDate");

    tdx.postFeed(id, FeedPost.comment("tqd was here", true, false));
    Ticket raw = tdx.getTicket(id);
    assertThat(raw.otherFields().get("ModifiedUid").toString())
        .isEqualToIgnoringCase(tdx.currentUser().uid());

    Ticket seen = activities.fetchTicket(id);
    Instant tqdChange = ConditionEvaluator.instant(raw.modifiedDate());
    Instant ruleSees = ConditionEvaluator.instant(seen.modifiedDate());
    assertThat(ruleSees).isBefore(tqdChange);
    assertThat(ruleSees).isBeforeOrEqualTo(ConditionEvaluator.instant(before.modifiedDate()));
    assertThat(seen.otherFields().get("TdxModifiedDate")).isEqualTo(raw.modifiedDate());
    assertThat(seen.title()).isEqualTo(raw.title());
  }
}
