package org.tqd.sandbox.internal.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tqd.sandbox.SiteIds;

/**
 * The reference data of the simulated site: applications, statuses, types, groups, departments,
 * buildings, asset forms and models, custom attributes. Immutable.
 */
public final class Catalog {

  /** An ID with a display name (types, groups, departments, buildings, priorities, sources). */
  public record Named(int id, String name) {}

  /** A ticket status; {@code statusClass} is TDX's StatusClass enum (1 New … 6 Requested). */
  public record TicketStatus(
      int id, String name, String description, int statusClass, double order, boolean isDefault) {

    /** Whether the status class counts as open (New, In Process, On Hold, Requested). */
    public boolean isOpen() {
      return statusClass == 1 || statusClass == 2 || statusClass == 5 || statusClass == 6;
    }
  }

  /** An asset product model with its manufacturer and product type. */
  public record ProductModel(
      int id, String name, int manufacturerId, String manufacturerName, String productTypeName) {}

  /** A choice of a choice-type custom attribute. */
  public record Choice(int id, String name) {}

  /** A ticket custom attribute definition. */
  public record AttributeDef(
      int id, String name, int order, String fieldType, List<Choice> choices) {

    /** The display text of a stored value (the choice name for choice attributes). */
    public String valueText(String value) {
      if (value == null || choices.isEmpty()) {
        return value;
      }
      return choices.stream()
          .filter(c -> String.valueOf(c.id()).equals(value.trim()))
          .map(Choice::name)
          .findFirst()
          .orElse(value);
    }
  }

  /** Ticket type ID for hardware problems. */
  public static final int TYPE_HARDWARE = 7301;

  /** Ticket form ID of the IT help form. */
  public static final int TICKET_FORM_ID = 3211;

  /**
   * CI type of research labs: the Python daemon's {@code lab_type_id} default, so that {@code
   * find_active_tickets} configured as the daemon's finds the sandbox's labs.
   */
  public static final int LAB_CI_TYPE_ID = 10132;

  /** CI form of research labs: the Python daemon's {@code LAB_FORM_ID}. */
  public static final int LAB_CI_FORM_ID = 3830;

  private static final String[] ACTIVE_NAMES = {
    "New", "In Process", "Awaiting Customer Response", "Scheduled", "Awaiting Vendor", "Reopened"
  };
  private static final int[] ACTIVE_CLASSES = {1, 2, 5, 2, 5, 2};
  private static final String[] CLOSED_NAMES = {"Resolved", "Closed", "Cancelled"};
  private static final int[] CLOSED_CLASSES = {3, 3, 4};

  private final SiteIds ids;
  private final Map<Integer, TicketStatus> statuses = new LinkedHashMap<>();
  private final Map<Integer, Named> types;
  private final Map<Integer, Named> groups;
  private final Map<Integer, Named> accounts;
  private final Map<Integer, Named> locations;
  private final Map<Integer, Named> priorities;
  private final Map<Integer, Named> impacts;
  private final Map<Integer, Named> urgencies;
  private final Map<Integer, Named> sources;
  private final Map<Integer, Named> assetStatuses;
  private final Map<Integer, Named> assetForms;
  private final Map<Integer, ProductModel> productModels;
  private final Map<Integer, Named> suppliers;
  private final Map<Integer, AttributeDef> ticketAttributes;

  public Catalog(SiteIds ids) {
    this.ids = ids;
    List<Integer> active = ids.activeTicketStatusIds();
    for (int i = 0; i < active.size(); i++) {
      String name = ACTIVE_NAMES[i % ACTIVE_NAMES.length] + suffix(i, ACTIVE_NAMES.length);
      int cls = ACTIVE_CLASSES[i % ACTIVE_CLASSES.length];
      statuses.put(
          active.get(i), new TicketStatus(active.get(i), name, name, cls, i + 1.0, i == 0));
    }
    List<Integer> closed = ids.closedTicketStatusIds();
    for (int i = 0; i < closed.size(); i++) {
      String name = CLOSED_NAMES[i % CLOSED_NAMES.length] + suffix(i, CLOSED_NAMES.length);
      int cls = CLOSED_CLASSES[i % CLOSED_CLASSES.length];
      statuses.put(
          closed.get(i),
          new TicketStatus(closed.get(i), name, name, cls, active.size() + i + 1.0, false));
    }
    types =
        byId(
            List.of(
                new Named(TYPE_HARDWARE, "Hardware"),
                new Named(7302, "Software"),
                new Named(7303, "Accounts and Access"),
                new Named(7304, "Network")));
    groups =
        byId(
            List.of(
                new Named(1101, "LSA Technology Services - Front Line"),
                new Named(1102, "LSA Technology Services - Desktop Support"),
                new Named(1103, "LSA Technology Services - Research Computing"),
                new Named(1104, "ITS Service Center")));
    accounts =
        byId(
            List.of(
                new Named(2201, "Psychology"),
                new Named(2202, "Chemistry"),
                new Named(2203, "Physics"),
                new Named(2204, "English Language and Literature"),
                new Named(2205, "LSA Dean's Office")));
    locations =
        byId(
            List.of(
                new Named(3301, "East Hall"),
                new Named(3302, "Chemistry Building"),
                new Named(3303, "Randall Laboratory"),
                new Named(3304, "Angell Hall"),
                new Named(3305, "Tisch Hall")));
    priorities =
        byId(List.of(new Named(4401, "Low"), new Named(4402, "Medium"), new Named(4403, "High")));
    impacts =
        byId(
            List.of(
                new Named(4501, "Affects User"),
                new Named(4502, "Affects Department"),
                new Named(4503, "Affects Campus")));
    urgencies =
        byId(List.of(new Named(4601, "Low"), new Named(4602, "Medium"), new Named(4603, "High")));
    sources =
        byId(List.of(new Named(5501, "Email"), new Named(5502, "Phone"), new Named(5503, "Web")));
    assetStatuses =
        byId(
            List.of(
                new Named(ids.activeAssetStatusId(), "In Use"),
                new Named(ids.retiredAssetStatusId(), "Retired")));
    int monitorForm = ids.computerFormId() + 1;
    int printerForm = ids.computerFormId() + 2;
    assetForms =
        byId(
            List.of(
                new Named(ids.computerFormId(), "Computer Form"),
                new Named(monitorForm, "Monitor Form"),
                new Named(printerForm, "Printer Form")));
    productModels =
        byIdModels(
            List.of(
                new ProductModel(6601, "MacBook Pro 14-inch (2023)", 6701, "Apple", "Laptop"),
                new ProductModel(6602, "iMac 24-inch (2021)", 6701, "Apple", "Desktop"),
                new ProductModel(6603, "Latitude 7440", 6702, "Dell", "Laptop"),
                new ProductModel(6604, "OptiPlex 7010", 6702, "Dell", "Desktop"),
                new ProductModel(6605, "ThinkPad T14 Gen 4", 6703, "Lenovo", "Laptop"),
                new ProductModel(6606, "P2723DE Monitor", 6702, "Dell", "Monitor"),
                new ProductModel(6607, "LaserJet Pro M404", 6704, "HP", "Printer")));
    suppliers =
        byId(
            List.of(
                new Named(6801, "CDW Government"),
                new Named(6802, "Dell Marketplace"),
                new Named(6803, "Apple Education")));
    ticketAttributes =
        byIdAttrs(
            List.of(
                new AttributeDef(5001, "Building", 1, "textbox", List.of()),
                new AttributeDef(5002, "Room Number", 2, "textbox", List.of()),
                new AttributeDef(
                    5003,
                    "Preferred Contact Method",
                    3,
                    "dropdown",
                    List.of(new Choice(5101, "Email"), new Choice(5102, "Phone")))));
  }

  private static String suffix(int index, int names) {
    return index < names ? "" : " " + (index / names + 1);
  }

  private static Map<Integer, Named> byId(List<Named> list) {
    return list.stream()
        .collect(Collectors.toMap(Named::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  private static Map<Integer, ProductModel> byIdModels(List<ProductModel> list) {
    return list.stream()
        .collect(
            Collectors.toMap(
                ProductModel::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  private static Map<Integer, AttributeDef> byIdAttrs(List<AttributeDef> list) {
    return list.stream()
        .collect(
            Collectors.toMap(
                AttributeDef::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  public SiteIds ids() {
    return ids;
  }

  public String ticketAppName() {
    return "Help Desk Tickets";
  }

  public String assetAppName() {
    return "Assets/CIs";
  }

  public int monitorFormId() {
    return ids.computerFormId() + 1;
  }

  public int printerFormId() {
    return ids.computerFormId() + 2;
  }

  /** All ticket statuses, active ones first. */
  public List<TicketStatus> statuses() {
    return new ArrayList<>(statuses.values());
  }

  /** The status, or null. */
  public TicketStatus status(int id) {
    return statuses.get(id);
  }

  public Map<Integer, Named> types() {
    return types;
  }

  public Map<Integer, Named> groups() {
    return groups;
  }

  public Map<Integer, Named> accounts() {
    return accounts;
  }

  public Map<Integer, Named> locations() {
    return locations;
  }

  public Map<Integer, Named> priorities() {
    return priorities;
  }

  /** Ticket impacts (none set on generated tickets). */
  public Map<Integer, Named> impacts() {
    return impacts;
  }

  /** Ticket urgencies (none set on generated tickets). */
  public Map<Integer, Named> urgencies() {
    return urgencies;
  }

  public Map<Integer, Named> sources() {
    return sources;
  }

  public Map<Integer, Named> assetStatuses() {
    return assetStatuses;
  }

  public Map<Integer, Named> assetForms() {
    return assetForms;
  }

  public Map<Integer, ProductModel> productModels() {
    return productModels;
  }

  public Map<Integer, Named> suppliers() {
    return suppliers;
  }

  public Map<Integer, AttributeDef> ticketAttributes() {
    return ticketAttributes;
  }

  /** The name of an entry of a lookup table, or null for 0 or an unknown ID. */
  public static String nameOf(Map<Integer, Named> table, int id) {
    Named n = table.get(id);
    return n == null ? null : n.name();
  }
}
