package org.tqd.sandbox.internal.gen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.tqd.sandbox.Phase;
import org.tqd.sandbox.TicketTruth;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.Author;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.FeedEntry;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Ticket;

/** Deterministic data generator: same seed and calls, same data. Call inside a store write. */
public final class Generator {

  private static final String[] FIRST = {"Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace"};
  private static final String[] LAST = {"Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt"};

  private final DataStore store;
  private final Catalog catalog;
  private final Random rnd;
  private final Instant epoch;
  private final List<Person> customers = new ArrayList<>();

  public Generator(DataStore store, long seed, Instant epoch) {
    this.store = store;
    this.catalog = store.catalog();
    this.rnd = new Random(seed);
    this.epoch = epoch;
  }

  /** Creates an employee account (API users, technicians). */
  public Person staff(String userName, String first, String last, String title) {
    Person p =
        new Person(
            uid(),
            store.newReferenceId(),
            userName,
            first,
            last,
            userName + "@example.edu",
            "734-555-0100",
            title,
            true,
            2205,
            3304);
    store.addPerson(p);
    return p;
  }

  /** Generates {@code count} tickets with their people and assets. */
  public List<TicketTruth> tickets(int count, boolean inReport) {
    List<TicketTruth> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Person p =
          new Person(
              uid(),
              store.newReferenceId(),
              "user" + store.people().size(),
              FIRST[rnd.nextInt(FIRST.length)],
              LAST[rnd.nextInt(LAST.length)],
              "user" + store.people().size() + "@example.edu",
              "734-555-0101",
              "Lecturer",
              false,
              2201,
              3301);
      store.addPerson(p);
      customers.add(p);
      Asset a =
          new Asset(
              store.newAssetId(),
              store.newCiId(),
              catalog.ids().computerFormId(),
              "LSAF-D" + (100000 + rnd.nextInt(899999)),
              "C02" + (1000000 + rnd.nextInt(8999999)),
              null,
              catalog.ids().activeAssetStatusId(),
              6601,
              6801,
              p.uid(),
              3301,
              epoch,
              epoch);
      store.addAsset(a);
      Ticket t = new Ticket(store.newTicketId(), p.uid(), epoch.plusSeconds(i * 60L));
      t.title("Computer " + a.name() + " will not boot");
      t.description("<p>My computer does not start.</p>");
      t.typeId(Catalog.TYPE_HARDWARE);
      t.formId(Catalog.TICKET_FORM_ID);
      t.statusId(catalog.ids().newTicketStatusId());
      t.requestorUid(p.uid());
      t.accountId(2201);
      t.responsibleGroupId(1101);
      store.addTicket(t);
      store.addFeedEntry(
          new FeedEntry(
              store.newFeedId(),
              t.id(),
              Author.of(p),
              t.createdDate().plusSeconds(30),
              "<p>Any update?</p>",
              FeedEntry.COMMENT,
              false,
              true,
              false,
              null));
      TicketTruth truth =
          new TicketTruth(
              t.id(), Phase.PHASE_1, List.of(a.id()), "title names the computer", inReport);
      store.addTruth(truth);
      out.add(truth);
    }
    return out;
  }

  private UUID uid() {
    return new UUID(rnd.nextLong(), rnd.nextLong());
  }
}
