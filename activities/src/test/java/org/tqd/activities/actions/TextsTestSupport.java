package org.tqd.activities.actions;

import org.tqd.tdx.model.FeedEntry;
import org.tqd.tdx.model.Ticket;

final class TextsTestSupport {
  private TextsTestSupport() {}

  static Ticket ticket(int id, String title, String status, String modified) {
    return new Ticket(
        id, 46, title, null, 0, 0, 0, status, 0, null, null, null, null, 0, null, modified);
  }

  static FeedEntry entry(int id, String author, int updateType, String body, String date) {
    return new FeedEntry(id, null, author, date, date, body, updateType, false, 0, null, null);
  }
}
