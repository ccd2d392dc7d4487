package org.tqd.sandbox.internal.gen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.tqd.sandbox.SiteIds;
import org.tqd.sandbox.TicketTruth;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.Author;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.FeedEntry;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Reply;
import org.tqd.sandbox.internal.data.StandaloneCi;
import org.tqd.sandbox.internal.data.Ticket;
import org.tqd.sandbox.internal.text.Html;

/**
 * The deterministic data generator: the same seed and the same sequence of calls give the same
 * people, assets, tickets, feeds and truth. Every method must run inside a {@link DataStore} write
 * block.
 *
 * <p>Each queue ticket is built for one {@link Kind}: its computer named in the title or the
 * description (by name, serial — sometimes lower-case — or tag), only in a later conversation entry
 * or reply, derivable only from a requestor who owns exactly one active computer, or not derivable
 * at all. Around that it adds noise that looks like identifiers (phone numbers, capitals,
 * hyphenated words, HTML with style attributes, retired computers, printers, system entries) and
 * related tickets (the same requestor, the same computer). The expected outcome is then derived
 * from what was written by the rule of {@link TruthRule}.
 */
public final class Generator {

  /** How a queue ticket is built; the weights give the mix. */
  enum Kind {
    P1_TITLE_NAME(10, "title names the computer"),
    P1_DESC_NAME(8, "description names the computer"),
    P1_DESC_SERIAL(7, "description gives the computer's serial number"),
    P1_DESC_TAG(4, "description gives the computer's asset tag"),
    P1_TWO(4, "description names two of the requestor's computers"),
    P1_OTHER(4, "description names a computer the requestor does not own"),
    P1_BESIDE_LINKED(2, "names two computers, one already on the ticket"),
    P2_ENTRY(8, "a later conversation entry names the computer"),
    P2_REPLY(6, "a reply to a technician's question names the computer"),
    P2_AFTER_RETIRED(
        3, "description names only a retired computer; the conversation names the active one"),
    P2_PRIVATE_NOTE(2, "a private technician note names the computer"),
    P3_ONLY(10, "nothing named; the requestor owns exactly one active computer"),
    P3_RETIRED_MENTION(
        4, "only a retired computer is named; the requestor owns one active computer"),
    NONE_SEVERAL(8, "nothing named; the requestor owns several active computers"),
    NONE_NO_COMPUTER(5, "nothing named; the requestor owns no computer"),
    NONE_LINKED(4, "nothing named; the requestor's only computer is already on the ticket"),
    NONE_LINKED_NAMED(2, "the title names a computer that is already on the ticket");

    final int weight;
    final String reason;

    Kind(int weight, String reason) {
      this.weight = weight;
      this.reason = reason;
    }
  }

  private final DataStore store;
  private final Catalog catalog;
  private final SiteIds ids;
  private final Random rnd;
  private final Names names;
  private final TicketTexts texts;
  private final Instant epoch;
  private final Population population;
  private final int totalWeight = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();

  /**
   * Draws for the labs only, so that adding labs left every other generated value as it was (the
   * same seed gives the same tickets, people and assets as before labs existed).
   */
  private final Random labRnd;

  private final List<Integer> background = new ArrayList<>();

  public Generator(DataStore store, long seed, Instant epoch) {
    this.store = store;
    this.catalog = store.catalog();
    this.ids = catalog.ids();
    this.rnd = new Random(seed);
    this.labRnd = new Random(seed ^ 0x1AB5L);
    this.names = new Names(rnd);
    this.texts = new TicketTexts(rnd);
    this.epoch = epoch;
    this.population = new Population(store, rnd, names, epoch);
  }

  /**
   * Marks the end of the initial data: assets generated from now on (for tickets added while the
   * sandbox runs) are dated after the epoch, later than every initial asset, as TDX dates an asset
   * created now.
   */
  public void initialDataDone() {
    population.newAssetsDatedFrom(epoch);
  }

  /** Creates an employee account (the API accounts). */
  public Person staff(String userName, String first, String last, String title) {
    return population.staff(userName, first, last, title);
  }

  /**
   * Generates {@code count} queue tickets (with their requestors, computers, noise and related
   * tickets) and returns their truth. Related tickets are generated too, with their own truth and
   * {@code inReport} false.
   */
  public List<TicketTruth> tickets(int count, boolean inReport) {
    population.ensureStaff();
    List<TicketTruth> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Kind kind = pickKind();
      TicketTruth truth = queueTicket(kind, inReport);
      out.add(truth);
      if (rnd.nextInt(100) < 30) {
        relatedTicket(store.ticket(truth.ticketId()), truth);
      }
    }
    labs(out);
    return out;
  }

  /**
   * Research labs, as TDX sites model them: a CI of the lab type (not backed by an asset) linked to
   * tickets. About one queue ticket in seven gets a lab of its own, linked also to one to three
   * tickets outside the queue (of other requestors; some closed), so {@code find_active_tickets}
   * has a lab table to build. A lab holds one queue ticket only: the tables list tickets no
   * pipeline run changes, so two runs on the same data give the same tables.
   */
  private void labs(List<TicketTruth> queue) {
    for (TicketTruth truth : queue) {
      if (labRnd.nextInt(100) >= 15) {
        continue;
      }
      Ticket queueTicket = store.ticket(truth.ticketId());
      String surname = LAB_SURNAMES[labRnd.nextInt(LAB_SURNAMES.length)];
      String dept = LAB_DEPTS[labRnd.nextInt(LAB_DEPTS.length)];
      int id = store.newStandaloneCiId();
      StandaloneCi lab =
          new StandaloneCi(
              id,
              surname + " Lab (" + dept + "-" + surname.toLowerCase(Locale.ROOT) + id % 1000 + ")",
              Catalog.LAB_CI_FORM_ID,
              Catalog.LAB_CI_TYPE_ID,
              "Research Lab",
              epoch.minus(Duration.ofDays(400 + labRnd.nextInt(800))));
      store.addStandaloneCi(lab);
      store.linkCi(queueTicket.id(), id);
      int others = 1 + labRnd.nextInt(3);
      for (int i = 0; i < others && !background.isEmpty(); i++) {
        Ticket other = store.ticket(background.get(labRnd.nextInt(background.size())));
        if (!java.util.Objects.equals(other.requestorUid(), queueTicket.requestorUid())) {
          store.linkCi(other.id(), id);
        }
      }
    }
  }

  private static final String[] LAB_SURNAMES = {
    "Okafor", "Lindqvist", "Ramirez", "Tanaka", "Moreau", "Novak", "Haddad", "Kowalski"
  };

  private static final String[] LAB_DEPTS = {"chem", "psyc", "eeb", "physics", "mcdb"};

  private Kind pickKind() {
    int r = rnd.nextInt(totalWeight);
    for (Kind k : Kind.values()) {
      r -= k.weight;
      if (r < 0) {
        return k;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  // ---- queue tickets

  private TicketTruth queueTicket(Kind kind, boolean inReport) {
    Draft d = new Draft();
    switch (kind) {
      case P1_TITLE_NAME:
        d.requestor =
            population.customer(
                rnd.nextBoolean() ? Population.Profile.ONE : Population.Profile.SEVERAL);
        d.title =
            texts.pick(
                TicketTexts.TITLES_WITH_ID,
                d.text(population.oneOf(population.actives(d.requestor)), Ref.NAME));
        d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
        break;
      case P1_DESC_NAME:
        d.requestor =
            population.customer(
                rnd.nextBoolean() ? Population.Profile.ONE : Population.Profile.SEVERAL);
        d.problem =
            texts.pick(
                TicketTexts.PROBLEM_WITH_ID,
                d.text(population.oneOf(population.actives(d.requestor)), Ref.NAME));
        break;
      case P1_DESC_SERIAL:
        d.requestor =
            population.customer(
                rnd.nextBoolean() ? Population.Profile.ONE : Population.Profile.SEVERAL);
        d.problem =
            texts.pick(TicketTexts.GENERIC_PROBLEMS)
                + " "
                + texts.pick(
                    TicketTexts.PROBLEM_WITH_SERIAL,
                    d.text(population.withSerial(d.requestor), Ref.SERIAL));
        break;
      case P1_DESC_TAG:
        {
          d.requestor =
              population.customer(
                  rnd.nextBoolean() ? Population.Profile.ONE : Population.Profile.SEVERAL);
          Asset tagged = population.withTag(d.requestor);
          d.problem =
              texts.pick(TicketTexts.GENERIC_PROBLEMS)
                  + " "
                  + texts.pick(TicketTexts.PROBLEM_WITH_TAG, d.text(tagged, Ref.TAG));
          break;
        }
      case P1_TWO:
        {
          d.requestor = population.customer(Population.Profile.SEVERAL);
          List<Asset> mine = population.actives(d.requestor);
          d.problem =
              "I switch between "
                  + d.text(mine.get(0), Ref.ANY)
                  + " and "
                  + d.text(mine.get(1), Ref.ANY)
                  + " and both have the same problem: "
                  + texts.pick(TicketTexts.GENERIC_PROBLEMS).toLowerCase(Locale.ROOT);
          break;
        }
      case P1_OTHER:
        {
          d.requestor = population.customer(population.pickProfile());
          Asset other =
              rnd.nextBoolean()
                  ? population.labComputer()
                  : population.oneOf(
                      population.actives(population.customer(Population.Profile.ONE)));
          d.problem =
              "I am using the shared computer "
                  + d.text(other, Ref.ANY)
                  + " this semester. "
                  + texts.pick(TicketTexts.GENERIC_PROBLEMS);
          break;
        }
      case P1_BESIDE_LINKED:
        {
          d.requestor = population.customer(Population.Profile.SEVERAL);
          List<Asset> mine = population.actives(d.requestor);
          d.linked.add(mine.get(0));
          d.problem =
              "Same issue as before on "
                  + d.text(mine.get(0), Ref.NAME)
                  + ", and now "
                  + d.text(mine.get(1), Ref.ANY)
                  + " does it too.";
          break;
        }
      case P2_ENTRY:
      case P2_REPLY:
      case P2_PRIVATE_NOTE:
        {
          d.requestor = population.customer(population.pickProfile());
          Asset target =
              population.actives(d.requestor).isEmpty()
                  ? population.labComputer()
                  : population.oneOf(population.actives(d.requestor));
          d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
          d.conversationTarget = target;
          break;
        }
      case P2_AFTER_RETIRED:
        {
          d.requestor = population.customer(Population.Profile.ONE);
          Asset retired = population.retiredOf(d.requestor);
          d.problem =
              texts.pick(TicketTexts.GENERIC_PROBLEMS)
                  + " "
                  + texts.pick(TicketTexts.OLD_COMPUTER, d.text(retired, Ref.ANY));
          d.conversationTarget = population.oneOf(population.actives(d.requestor));
          break;
        }
      case P3_ONLY:
        d.requestor = population.customer(Population.Profile.ONE);
        d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
        break;
      case P3_RETIRED_MENTION:
        d.requestor = population.customer(Population.Profile.ONE);
        d.problem =
            texts.pick(TicketTexts.GENERIC_PROBLEMS)
                + " "
                + texts.pick(
                    TicketTexts.OLD_COMPUTER, d.text(population.retiredOf(d.requestor), Ref.ANY));
        break;
      case NONE_SEVERAL:
        d.requestor = population.customer(Population.Profile.SEVERAL);
        d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
        break;
      case NONE_NO_COMPUTER:
        d.requestor = population.customer(Population.Profile.NONE);
        d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
        break;
      case NONE_LINKED:
        d.requestor = population.customer(Population.Profile.ONE);
        d.linked.add(population.actives(d.requestor).get(0));
        d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
        break;
      case NONE_LINKED_NAMED:
        {
          d.requestor = population.customer(Population.Profile.SEVERAL);
          Asset linked = population.actives(d.requestor).get(0);
          d.linked.add(linked);
          d.title = texts.pick(TicketTexts.TITLES_WITH_ID, d.text(linked, Ref.NAME));
          d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
          break;
        }
      default:
        throw new IllegalStateException("unknown kind " + kind);
    }
    if (d.title == null) {
      d.title = texts.pick(TicketTexts.GENERIC_TITLES);
    }
    if (kind.name().startsWith("P1_") && rnd.nextInt(5) == 0) {
      // Phase 1 stops the search: a computer named later in the conversation must not be added.
      d.conversationTarget = population.labComputer();
    }
    Ticket t = write(d, kind, true);
    return truth(t, d, kind.reason, inReport);
  }

  /** A background ticket of the same requestor or on the same computer, outside the report. */
  private void relatedTicket(Ticket queueTicket, TicketTruth queueTruth) {
    Draft d = new Draft();
    d.requestor = store.person(queueTicket.requestorUid());
    d.title = texts.pick(TicketTexts.GENERIC_TITLES);
    d.problem = texts.pick(TicketTexts.GENERIC_PROBLEMS);
    if (!queueTruth.expectedAssetIds().isEmpty() && rnd.nextBoolean()) {
      d.linked.add(store.asset(queueTruth.expectedAssetIds().get(0)));
    }
    d.closed = rnd.nextInt(4) == 0;
    Ticket t = write(d, null, false);
    background.add(t.id());
    truth(t, d, "related ticket (same requestor or computer)", false);
  }

  // ---- writing a draft into the store

  private Ticket write(Draft d, Kind kind, boolean queue) {
    Instant created =
        epoch.minus(Duration.ofMinutes(rnd.nextInt(queue ? 30 * 24 * 60 : 120 * 24 * 60)));
    Person req = d.requestor;
    Ticket t = new Ticket(store.newTicketId(), req.uid(), created);
    t.title(d.title);
    t.typeId(Catalog.TYPE_HARDWARE + (kind == null ? rnd.nextInt(4) : 0));
    t.formId(Catalog.TICKET_FORM_ID);
    t.accountId(req.accountId());
    t.priorityId(4401 + rnd.nextInt(3));
    t.sourceId(5501 + rnd.nextInt(3));
    t.locationId(req.locationId());
    t.requestorUid(req.uid());
    t.statusId(ids.newTicketStatusId());
    List<Integer> groups = new ArrayList<>(catalog.groups().keySet());
    t.responsibleGroupId(queue ? groups.get(0) : groups.get(1 + rnd.nextInt(groups.size() - 1)));
    if (rnd.nextInt(3) == 0) {
      t.attributes().put(5001, Catalog.nameOf(catalog.locations(), req.locationId()));
      t.attributes().put(5002, String.valueOf(1000 + rnd.nextInt(4000)));
    }
    if (rnd.nextInt(4) == 0) {
      t.attributes().put(5003, rnd.nextBoolean() ? "5101" : "5102");
    }
    t.description(description(d));
    for (Asset a : d.linked) {
      t.assetIds().add(a.id());
    }
    store.addTicket(t);
    Instant at = created.plus(Duration.ofMinutes(5 + rnd.nextInt(60)));
    at = feed(t, d, kind, at);
    if (!queue) {
      Person tech = population.technician();
      t.responsibleUid(tech.uid());
      List<Integer> active = ids.activeTicketStatusIds();
      List<Integer> closed = ids.closedTicketStatusIds();
      int status =
          d.closed
              ? closed.get(rnd.nextInt(closed.size()))
              : active.get(1 + rnd.nextInt(active.size() - 1));
      systemStatusChange(t, status, at);
      at = at.plusSeconds(60);
    }
    t.touch(t.modifiedUid(), at);
    verifyMentions(t, d);
    return t;
  }

  private String description(Draft d) {
    StringBuilder b = new StringBuilder();
    b.append("<p>").append(rnd.nextBoolean() ? "Hi," : "Hello,").append("</p>\n");
    b.append("<p>").append(d.problem).append("</p>\n");
    int noise = rnd.nextInt(3);
    for (int i = 0; i < noise; i++) {
      b.append("<p>").append(noise()).append("</p>\n");
    }
    if (rnd.nextInt(4) == 0) {
      Asset printer = population.printer();
      b.append("<p>")
          .append(texts.pick(TicketTexts.PRINTER, d.text(printer, Ref.NAME)))
          .append("</p>\n");
    }
    Person p = d.requestor;
    b.append("<p style=\"font-family: Arial, sans-serif; font-size: 10pt\">Thanks,<br />")
        .append(p.fullName())
        .append("<br />")
        .append(Catalog.nameOf(catalog.accounts(), p.accountId()).toUpperCase(Locale.ROOT))
        .append("<br />")
        .append(names.phone())
        .append("</p>");
    return b.toString();
  }

  private String noise() {
    String template = texts.pick(TicketTexts.NOISE);
    return template.contains("%s") ? String.format(Locale.ROOT, template, names.phone()) : template;
  }

  /** Writes the conversation; returns the time after the last entry. */
  private Instant feed(Ticket t, Draft d, Kind kind, Instant at) {
    Person tech = population.technician();
    Person req = d.requestor;
    if (kind != null && rnd.nextInt(4) == 0) {
      systemStatusChange(t, ids.activeTicketStatusIds().get(1), at);
      at = at.plus(Duration.ofMinutes(10));
    }
    Asset target = d.conversationTarget;
    if (target != null && kind == Kind.P2_PRIVATE_NOTE) {
      entry(t, tech, at, texts.pick(TicketTexts.PRIVATE_NOTES_IT, d.said(target, Ref.ANY)), true);
      return at.plus(Duration.ofHours(1));
    }
    if (target == null && rnd.nextInt(3) != 0) {
      return at;
    }
    boolean asks = target != null || rnd.nextBoolean();
    FeedEntry question =
        entry(
            t,
            tech,
            at,
            texts.pick(asks ? TicketTexts.TECH_ASKS : TicketTexts.TECH_GENERIC),
            false);
    at = at.plus(Duration.ofMinutes(30 + rnd.nextInt(600)));
    if (target != null && kind == Kind.P2_REPLY) {
      question.addReply(
          new Reply(
              store.newReplyId(),
              Author.of(req),
              at,
              texts.pick(TicketTexts.CUSTOMER_NAMES_IT, d.said(target, Ref.ANY)),
              true));
    } else if (target != null) {
      entry(t, req, at, texts.pick(TicketTexts.CUSTOMER_NAMES_IT, d.said(target, Ref.ANY)), false);
    } else if (rnd.nextBoolean()) {
      if (rnd.nextBoolean()) {
        question.addReply(
            new Reply(
                store.newReplyId(),
                Author.of(req),
                at,
                texts.pick(TicketTexts.CUSTOMER_GENERIC),
                false));
      } else {
        entry(t, req, at, texts.pick(TicketTexts.CUSTOMER_GENERIC), false);
      }
    }
    return at.plus(Duration.ofMinutes(20));
  }

  private FeedEntry entry(Ticket t, Person who, Instant at, String body, boolean isPrivate) {
    FeedEntry e =
        new FeedEntry(
            store.newFeedId(),
            t.id(),
            Author.of(who),
            at,
            body,
            FeedEntry.COMMENT,
            isPrivate,
            true,
            false,
            null);
    store.addFeedEntry(e);
    return e;
  }

  private void systemStatusChange(Ticket t, int newStatus, Instant at) {
    String from = catalog.status(t.statusId()).name();
    String to = catalog.status(newStatus).name();
    String body =
        rnd.nextBoolean()
            ? "Changed Status from \"" + from + "\" to \"" + to + "\"."
            : "Changed Status from \""
                + from
                + "\" to \""
                + to
                + "\". Automatically took this"
                + " ticket.";
    store.addFeedEntry(
        new FeedEntry(
            store.newFeedId(),
            t.id(),
            Author.SYSTEM,
            at,
            body,
            FeedEntry.STATUS_CHANGE,
            false,
            true,
            false,
            null));
    t.statusId(newStatus);
  }

  // ---- truth

  private TicketTruth truth(Ticket t, Draft d, String reason, boolean inReport) {
    TicketTruth truth =
        TruthRule.evaluate(
            t.id(),
            d.textMentions,
            d.conversationMentions,
            d.linked,
            population.actives(d.requestor),
            ids,
            reason,
            inReport);
    store.addTruth(truth);
    store.addInitialAssets(t.id(), List.copyOf(t.assetIds()));
    return truth;
  }

  /**
   * Checks the generator's bookkeeping against the text it wrote: the assets whose identifiers
   * appear in the title and description, and in the user conversation, are exactly those it meant
   * to name.
   */
  private void verifyMentions(Ticket t, Draft d) {
    Set<Integer> inText = population.assetsNamedIn(t.title() + "\n" + Html.text(t.description()));
    StringBuilder convo = new StringBuilder();
    for (FeedEntry e : t.feed()) {
      if (!e.author().isSystem()) {
        convo.append(Html.text(e.body())).append('\n');
      }
      for (Reply r : e.replies()) {
        convo.append(Html.text(r.body())).append('\n');
      }
    }
    Set<Integer> inConvo = population.assetsNamedIn(convo.toString());
    if (!inText.equals(idsOf(d.textMentions)) || !inConvo.equals(idsOf(d.conversationMentions))) {
      throw new IllegalStateException(
          "generator bookkeeping is off for ticket "
              + t.id()
              + ": text names "
              + inText
              + " (meant "
              + idsOf(d.textMentions)
              + "), conversation names "
              + inConvo
              + " (meant "
              + idsOf(d.conversationMentions)
              + ")");
    }
  }

  private static Set<Integer> idsOf(Set<Asset> assets) {
    Set<Integer> out = new LinkedHashSet<>();
    for (Asset a : assets) {
      out.add(a.id());
    }
    return out;
  }

  // ---- drafts

  /** Which identifier of an asset a text uses. */
  private enum Ref {
    NAME,
    SERIAL,
    TAG,
    ANY
  }

  /** A ticket being written, with the assets its text and its conversation name. */
  private final class Draft {
    Person requestor;
    String title;
    String problem;
    Asset conversationTarget;
    boolean closed;
    final List<Asset> linked = new ArrayList<>();
    final Set<Asset> textMentions = new LinkedHashSet<>();
    final Set<Asset> conversationMentions = new LinkedHashSet<>();

    /** An identifier of {@code a} for the title or description. */
    String text(Asset a, Ref ref) {
      textMentions.add(a);
      return identifier(a, ref);
    }

    /** An identifier of {@code a} for the conversation. */
    String said(Asset a, Ref ref) {
      conversationMentions.add(a);
      return identifier(a, ref);
    }

    private String identifier(Asset a, Ref ref) {
      Ref r = ref;
      if (r == Ref.ANY) {
        r = Ref.values()[rnd.nextInt(3)];
      }
      if (r == Ref.SERIAL && a.serialNumber() != null) {
        return rnd.nextInt(10) < 3 ? a.serialNumber().toLowerCase(Locale.ROOT) : a.serialNumber();
      }
      if (r == Ref.TAG && a.tag() != null) {
        return a.tag();
      }
      if (r != Ref.NAME && a.serialNumber() != null) {
        return a.serialNumber();
      }
      return a.name();
    }
  }
}
