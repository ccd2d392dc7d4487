package org.tqd.workflows.rules;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The TDX ticket fields a condition or an {@code update_fields} action may name, spelled as the TDX
 * Web API spells them ({@code TeamDynamix.Api.Tickets.Ticket}), with their value kind. Names are
 * matched without regard to case and reported in TDX's spelling.
 */
public final class FieldCatalog {

  /** The kind of a field's value, which decides the operators and values a condition may use. */
  public enum Kind {
    /** An Int32 ID or count; unset is 0. */
    INTEGER("an integer"),
    /** A decimal number. */
    NUMBER("a number"),
    /** Text ({@code Description} is HTML, read as text). */
    TEXT("text"),
    /** A boolean. */
    BOOLEAN("a boolean"),
    /** An ISO-8601 date and time. */
    DATE("a date"),
    /** A person's UID (a GUID string). */
    UID("a person UID");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** How messages name the kind, such as {@code an integer}. */
    public String label() {
      return label;
    }
  }

  private static final Map<String, String> CANONICAL = new TreeMap<>();
  private static final Map<String, Kind> KINDS = new TreeMap<>();

  static {
    add(
        Kind.INTEGER,
        "ID AppID ParentID TypeID TypeCategoryID Classification FormID AccountID SourceID"
            + " StatusID StatusClass ImpactID UrgencyID PriorityID SlaID ResponsibleGroupID"
            + " ReviewingGroupID LocationID LocationRoomID ServiceID ServiceCategoryID ArticleID"
            + " DaysOld ActualMinutes EstimatedMinutes CreatedRefID");
    add(Kind.NUMBER, "PriorityOrder TimeBudget ExpensesBudget TimeBudgetUsed ExpensesBudgetUsed");
    add(
        Kind.TEXT,
        "Title Description ParentTitle TypeName TypeCategoryName ClassificationName FormName Uri"
            + " RefCode AccountName SourceName StatusName ImpactName UrgencyName PriorityName"
            + " SlaName CreatedFullName CreatedEmail ModifiedFullName RespondedFullName"
            + " CompletedFullName RequestorName RequestorFirstName RequestorLastName"
            + " RequestorEmail RequestorPhone ResponsibleFullName ResponsibleEmail"
            + " ResponsibleGroupName ReviewerFullName ReviewerEmail ReviewingGroupName"
            + " LocationName LocationRoomName ServiceName ServiceCategoryName");
    add(
        Kind.BOOLEAN,
        "IsSlaViolated IsSlaRespondByViolated IsSlaResolveByViolated IsOnHold"
            + " IsConvertedToTask");
    add(
        Kind.DATE,
        "RespondByDate ResolveByDate SlaBeginDate PlacedOnHoldDate GoesOffHoldDate CreatedDate"
            + " ModifiedDate RespondedDate CompletedDate StartDate EndDate");
    add(
        Kind.UID,
        "CreatedUid ModifiedUid RespondedUid CompletedUid RequestorUid ResponsibleUid ReviewerUid");
  }

  private FieldCatalog() {}

  private static void add(Kind kind, String names) {
    for (String name : names.split("\\s+")) {
      CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
      KINDS.put(name, kind);
    }
  }

  /** The field's TDX spelling, if it is a known ticket field (any case). */
  public static Optional<String> canonical(String name) {
    return Optional.ofNullable(name == null ? null : CANONICAL.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The kind of a field in TDX spelling. */
  public static Kind kind(String canonicalName) {
    return KINDS.get(canonicalName);
  }

  /** Every known field with its kind, sorted by name. */
  public static Map<String, Kind> all() {
    return Collections.unmodifiableMap(KINDS);
  }
}
