package org.tqd.sandbox.internal.json;

import static org.tqd.sandbox.internal.data.Catalog.nameOf;
import static org.tqd.sandbox.internal.json.Json.date;
import static org.tqd.sandbox.internal.json.Json.uid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.Author;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.FeedEntry;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.data.Reply;
import org.tqd.sandbox.internal.data.StandaloneCi;
import org.tqd.sandbox.internal.data.Ticket;

/**
 * The TDX JSON shapes the sandbox writes, with property names spelled exactly as TDX spells them
 * (PascalCase, {@code ID}, {@code Uid}). Unset ints are 0, unset strings and references null. Must
 * be called inside a {@link DataStore} read or write block.
 */
public final class Shapes {

  private final DataStore store;
  private final Catalog catalog;

  public Shapes(DataStore store) {
    this.store = store;
    this.catalog = store.catalog();
  }

  // ---- tickets

  /**
   * A Ticket. The full form is what {@code GET tickets/{id}} returns; the thin form is what ticket
   * search returns: no Description, Attributes, Attachments, Notify or Tasks.
   */
  public ObjectNode ticket(Ticket t, boolean full, Instant now) {
    int app = catalog.ids().ticketAppId();
    Catalog.TicketStatus status = catalog.status(t.statusId());
    Person requestor = store.person(t.requestorUid());
    Person responsible = store.person(t.responsibleUid());
    Person creator = store.person(t.createdUid());
    Person modifier = store.person(t.modifiedUid());
    Ticket parent = t.parentId() == 0 ? null : store.ticket(t.parentId());
    ObjectNode o = Json.object();
    o.put("ID", t.id());
    o.put("ParentID", t.parentId());
    o.put("ParentTitle", parent == null ? null : parent.title());
    o.put("ParentClass", parent == null ? 0 : 46);
    o.put("TypeID", t.typeId());
    o.put("TypeName", nameOf(catalog.types(), t.typeId()));
    o.put("TypeCategoryID", t.typeId() == 0 ? 0 : 7300);
    o.put("TypeCategoryName", t.typeId() == 0 ? null : "IT Support");
    o.put("Classification", 46);
    o.put("ClassificationName", "Service Request");
    o.put("FormID", t.formId());
    o.put("FormName", t.formId() == Catalog.TICKET_FORM_ID ? "IT Help Form" : null);
    o.put("Title", t.title());
    o.put("Description", full ? t.description() : null);
    o.put("Uri", "api/" + app + "/tickets/" + t.id());
    o.put("AccountID", t.accountId());
    o.put("AccountName", nameOf(catalog.accounts(), t.accountId()));
    o.put("SourceID", t.sourceId());
    o.put("SourceName", nameOf(catalog.sources(), t.sourceId()));
    o.put("StatusID", t.statusId());
    o.put("StatusName", status == null ? null : status.name());
    o.put("StatusClass", status == null ? 0 : status.statusClass());
    o.put("ImpactID", 0);
    o.putNull("ImpactName");
    o.put("UrgencyID", 0);
    o.putNull("UrgencyName");
    o.put("PriorityID", t.priorityId());
    o.put("PriorityName", nameOf(catalog.priorities(), t.priorityId()));
    o.put("PriorityOrder", t.priorityId() == 0 ? 0.0 : t.priorityId() - 4400.0);
    o.put("SlaID", 0);
    o.putNull("SlaName");
    o.put("IsSlaViolated", false);
    o.putNull("IsSlaRespondByViolated");
    o.putNull("IsSlaResolveByViolated");
    o.putNull("RespondByDate");
    o.putNull("ResolveByDate");
    o.putNull("SlaBeginDate");
    o.put("IsOnHold", status != null && status.statusClass() == 5);
    o.putNull("PlacedOnHoldDate");
    o.putNull("GoesOffHoldDate");
    o.put("CreatedDate", date(t.createdDate()));
    o.put("CreatedUid", uid(t.createdUid()));
    o.put("CreatedFullName", creator == null ? null : creator.fullName());
    o.put("CreatedEmail", creator == null ? null : creator.email());
    o.put("ModifiedDate", date(t.modifiedDate()));
    o.put("ModifiedUid", uid(t.modifiedUid()));
    o.put("ModifiedFullName", modifier == null ? null : modifier.fullName());
    o.put("RequestorName", requestor == null ? null : requestor.fullName());
    o.put("RequestorFirstName", requestor == null ? null : requestor.firstName());
    o.put("RequestorLastName", requestor == null ? null : requestor.lastName());
    o.put("RequestorEmail", requestor == null ? null : requestor.email());
    o.put("RequestorPhone", requestor == null ? null : requestor.phone());
    o.put("RequestorUid", uid(t.requestorUid()));
    o.put("ActualMinutes", 0);
    o.put("EstimatedMinutes", 0);
    o.put("HoursAboveEstimated", 0.0);
    o.put("DaysOld", Math.max(0, Duration.between(t.createdDate(), now).toDays()));
    o.putNull("StartDate");
    o.putNull("EndDate");
    o.put("ResponsibleUid", uid(t.responsibleUid()));
    o.put("ResponsibleFullName", responsible == null ? null : responsible.fullName());
    o.put("ResponsibleEmail", responsible == null ? null : responsible.email());
    o.put("ResponsibleGroupID", t.responsibleGroupId());
    o.put("ResponsibleGroupName", nameOf(catalog.groups(), t.responsibleGroupId()));
    o.putNull("RespondedDate");
    o.putNull("RespondedUid");
    o.putNull("RespondedFullName");
    boolean closed = status != null && !status.isOpen();
    o.put("CompletedDate", closed ? date(t.modifiedDate()) : null);
    o.put("CompletedUid", closed ? uid(t.modifiedUid()) : null);
    o.put("CompletedFullName", closed && modifier != null ? modifier.fullName() : null);
    o.putNull("ReviewerUid");
    o.putNull("ReviewerFullName");
    o.putNull("ReviewerEmail");
    o.put("ReviewingGroupID", 0);
    o.putNull("ReviewingGroupName");
    o.put("TimeBudget", 0.0);
    o.put("ExpensesBudget", 0.0);
    o.put("TimeBudgetUsed", 0.0);
    o.put("ExpensesBudgetUsed", 0.0);
    o.put("IsConvertedToTask", false);
    o.putNull("ConvertedToTaskDate");
    o.putNull("ConvertedToTaskUid");
    o.putNull("ConvertedToTaskFullName");
    o.put("TaskProjectID", 0);
    o.putNull("TaskProjectName");
    o.put("TaskPlanID", 0);
    o.putNull("TaskPlanName");
    o.put("TaskID", 0);
    o.putNull("TaskTitle");
    o.putNull("TaskStartDate");
    o.putNull("TaskEndDate");
    o.put("TaskPercentComplete", 0);
    o.put("LocationID", t.locationId());
    o.put("LocationName", nameOf(catalog.locations(), t.locationId()));
    o.put("LocationRoomID", 0);
    o.putNull("LocationRoomName");
    o.putNull("RefCode");
    o.put("ServiceID", 0);
    o.putNull("ServiceName");
    o.put("ServiceOfferingID", 0);
    o.putNull("ServiceOfferingName");
    o.put("ServiceCategoryID", 0);
    o.putNull("ServiceCategoryName");
    o.put("ArticleID", 0);
    o.putNull("ArticleSubject");
    o.put("ArticleStatus", 0);
    o.putNull("ArticleCategoryPathNames");
    o.put("ArticleAppID", 0);
    o.put("ArticleShortcutID", 0);
    o.put("AppID", app);
    ArrayNode attrs = o.putArray("Attributes");
    if (full) {
      for (Map.Entry<Integer, String> e : t.attributes().entrySet()) {
        Catalog.AttributeDef def = catalog.ticketAttributes().get(e.getKey());
        if (def != null) {
          attrs.add(attribute(def, e.getValue()));
        }
      }
    }
    o.putArray("Attachments");
    o.putArray("Tasks");
    o.putArray("Notify");
    return o;
  }

  /**
   * A custom attribute definition as {@code GET attributes/custom} lists it: the attribute without
   * a value.
   */
  public ObjectNode attributeDefinition(Catalog.AttributeDef def) {
    ObjectNode a = attribute(def, null);
    a.remove("Value");
    a.remove("ValueText");
    a.remove("ChoicesText");
    a.put("ComponentID", 9);
    a.put("IsActive", true);
    return a;
  }

  private static ObjectNode attribute(Catalog.AttributeDef def, String value) {
    ObjectNode a = Json.object();
    a.put("ID", def.id());
    a.put("Name", def.name());
    a.put("Order", def.order());
    a.putNull("Description");
    a.put("SectionID", 0);
    a.putNull("SectionName");
    a.put("FieldType", def.fieldType());
    a.put("DataType", "String");
    ArrayNode choices = a.putArray("Choices");
    for (Catalog.Choice c : def.choices()) {
      ObjectNode ch = choices.addObject();
      ch.put("ID", c.id());
      ch.put("Name", c.name());
      ch.put("IsActive", true);
      ch.putNull("DateCreated");
      ch.putNull("DateModified");
      ch.put("Order", 0);
    }
    a.put("IsRequired", false);
    a.put("IsUpdatable", true);
    a.put("Value", value);
    a.put("ValueText", def.valueText(value));
    a.put("ChoicesText", def.choices().isEmpty() ? null : def.valueText(value));
    a.putArray("AssociatedItemIDs");
    return a;
  }

  /** A TicketStatus. */
  public ObjectNode status(Catalog.TicketStatus s) {
    ObjectNode o = Json.object();
    o.put("ID", s.id());
    o.put("AppID", catalog.ids().ticketAppId());
    o.put("AppName", catalog.ticketAppName());
    o.put("Name", s.name());
    o.put("Description", s.description());
    o.put("Order", s.order());
    o.put("StatusClass", s.statusClass());
    o.put("IsActive", true);
    o.put("IsDefault", s.isDefault());
    o.put("RequireGoesOffHold", false);
    o.put("DoNotReopen", false);
    return o;
  }

  // ---- feed

  /**
   * An ItemUpdate. In the ticket feed list {@code Replies} is empty (clients read replies with
   * {@code GET feed/{id}}); with {@code withReplies} it carries them.
   */
  public ObjectNode feedEntry(FeedEntry e, boolean withReplies) {
    Ticket t = store.ticket(e.ticketId());
    ObjectNode o = Json.object();
    o.put("ID", e.id());
    author(o, e.author());
    o.put("CreatedDate", date(e.createdDate()));
    o.put("LastUpdatedDate", date(e.lastUpdatedDate()));
    o.put("ProjectID", 0);
    o.putNull("ProjectName");
    o.put("PlanID", 0);
    o.putNull("PlanName");
    o.put("ItemType", 9);
    o.put("ItemID", e.ticketId());
    o.put("ItemTitle", t == null ? null : t.title());
    o.put("ReferenceID", uid(new UUID(0x7d5a_0000_0000_0000L, e.id())));
    o.put("Body", e.body());
    o.put("UpdateType", e.updateType());
    o.put("NotifiedList", e.notifiedList());
    o.put("IsPrivate", e.isPrivate());
    o.put("IsParent", true);
    ArrayNode replies = o.putArray("Replies");
    if (withReplies) {
      for (Reply r : e.replies()) {
        ObjectNode ro = replies.addObject();
        ro.put("ID", r.id());
        ro.put("Body", r.body());
        ro.put("IsRichHtml", r.richHtml());
        author(ro, r.author());
        ro.put("CreatedDate", date(r.createdDate()));
      }
    }
    o.put("RepliesCount", e.replies().size());
    o.putArray("Likes");
    o.put("ILike", false);
    o.put("LikesCount", 0);
    o.putArray("Participants");
    o.putNull("BreadcrumbsHtml");
    o.put("HasAttachment", false);
    o.put("Uri", "api/feed/" + e.id());
    return o;
  }

  private static void author(ObjectNode o, Author a) {
    o.put("CreatedUid", uid(a.uid()));
    o.put("CreatedRefID", a.referenceId());
    o.put("CreatedFullName", a.fullName());
    o.put("CreatedFirstName", a.firstName());
    o.put("CreatedLastName", a.lastName());
    o.putNull("CreatedByPicPath");
  }

  // ---- assets and configuration items

  /** The ConfigurationItem that backs an asset, as listed by {@code GET tickets/{id}/assets}. */
  public ObjectNode configurationItem(Asset a) {
    ObjectNode o = Json.object();
    o.put("ID", a.ciId());
    o.put("AppID", catalog.ids().assetAppId());
    o.put("AppName", catalog.assetAppName());
    o.put("FormID", a.formId());
    o.put("FormName", nameOf(catalog.assetForms(), a.formId()));
    o.put("IsSystemMaintained", true);
    o.put("BackingItemID", a.id());
    o.put("BackingItemType", 27);
    o.put("Name", a.name());
    Catalog.ProductModel model = catalog.productModels().get(a.productModelId());
    String typeName = model == null ? null : model.productTypeName();
    o.put("TypeID", model == null ? 0 : typeIdOf(typeName));
    o.put("TypeName", typeName);
    o.put("MaintenanceScheduleID", 0);
    o.putNull("MaintenanceScheduleName");
    o.put("OwnerUID", uid(a.owningCustomerUid()));
    Person owner = store.person(a.owningCustomerUid());
    o.put("OwnerFullName", owner == null ? null : owner.fullName());
    o.put("OwningDepartmentID", 0);
    o.putNull("OwningDepartmentName");
    o.put("OwningGroupID", 0);
    o.putNull("OwningGroupName");
    o.put("LocationID", a.locationId());
    o.put("LocationName", nameOf(catalog.locations(), a.locationId()));
    o.put("LocationRoomID", 0);
    o.putNull("LocationRoomName");
    o.put("IsActive", a.statusId() == catalog.ids().activeAssetStatusId());
    o.put("CreatedDateUtc", date(a.createdDate()));
    o.putNull("CreatedUid");
    o.putNull("CreatedFullName");
    o.put("ModifiedDateUtc", date(a.modifiedDate()));
    o.putNull("ModifiedUid");
    o.putNull("ModifiedFullName");
    o.putNull("ExternalID");
    o.put("ExternalSourceID", 0);
    o.putNull("ExternalSourceName");
    o.putArray("Attributes");
    o.putArray("Attachments");
    o.put("Uri", "api/" + catalog.ids().assetAppId() + "/cmdb/" + a.ciId());
    return o;
  }

  /**
   * A configuration item not backed by an asset (a lab): {@code BackingItemType} 63 and {@code
   * BackingItemID} equal to its ID.
   */
  public ObjectNode configurationItem(StandaloneCi ci) {
    ObjectNode o = Json.object();
    o.put("ID", ci.id());
    o.put("AppID", catalog.ids().assetAppId());
    o.put("AppName", catalog.assetAppName());
    o.put("FormID", ci.formId());
    o.put("FormName", "Research Lab");
    o.put("IsSystemMaintained", false);
    o.put("BackingItemID", ci.id());
    o.put("BackingItemType", StandaloneCi.BACKING_TYPE_CI);
    o.put("Name", ci.name());
    o.put("TypeID", ci.typeId());
    o.put("TypeName", ci.typeName());
    o.put("MaintenanceScheduleID", 0);
    o.putNull("MaintenanceScheduleName");
    o.putNull("OwnerUID");
    o.putNull("OwnerFullName");
    o.put("OwningDepartmentID", 0);
    o.putNull("OwningDepartmentName");
    o.put("OwningGroupID", 0);
    o.putNull("OwningGroupName");
    o.put("LocationID", 0);
    o.putNull("LocationName");
    o.put("LocationRoomID", 0);
    o.putNull("LocationRoomName");
    o.put("IsActive", true);
    o.put("CreatedDateUtc", date(ci.createdDate()));
    o.putNull("CreatedUid");
    o.putNull("CreatedFullName");
    o.put("ModifiedDateUtc", date(ci.createdDate()));
    o.putNull("ModifiedUid");
    o.putNull("ModifiedFullName");
    o.putNull("ExternalID");
    o.put("ExternalSourceID", 0);
    o.putNull("ExternalSourceName");
    o.putArray("Attributes");
    o.putArray("Attachments");
    o.put("Uri", "api/" + catalog.ids().assetAppId() + "/cmdb/" + ci.id());
    return o;
  }

  private static int typeIdOf(String productType) {
    if (productType == null) {
      return 0;
    }
    switch (productType) {
      case "Laptop":
      case "Desktop":
        return 10051;
      case "Monitor":
        return 10052;
      default:
        return 10053;
    }
  }

  /**
   * An Asset. The sandbox's assets have no custom attributes, so the full form ({@code GET
   * assets/{id}}) and the search form (no Attributes or Attachments) look the same.
   */
  public ObjectNode asset(Asset a) {
    int app = catalog.ids().assetAppId();
    Catalog.ProductModel model = catalog.productModels().get(a.productModelId());
    Person owner = store.person(a.owningCustomerUid());
    ObjectNode o = Json.object();
    o.put("ID", a.id());
    o.put("AppID", app);
    o.put("AppName", catalog.assetAppName());
    o.put("FormID", a.formId());
    o.put("FormName", nameOf(catalog.assetForms(), a.formId()));
    o.put("ProductModelID", a.productModelId());
    o.put("ProductModelName", model == null ? null : model.name());
    o.put("ManufacturerID", model == null ? 0 : model.manufacturerId());
    o.put("ManufacturerName", model == null ? null : model.manufacturerName());
    o.put("SupplierID", a.supplierId());
    o.put("SupplierName", nameOf(catalog.suppliers(), a.supplierId()));
    o.put("StatusID", a.statusId());
    o.put("StatusName", nameOf(catalog.assetStatuses(), a.statusId()));
    o.put("LocationID", a.locationId());
    o.put("LocationName", nameOf(catalog.locations(), a.locationId()));
    o.put("LocationRoomID", 0);
    o.putNull("LocationRoomName");
    o.put("Tag", a.tag());
    o.put("SerialNumber", a.serialNumber());
    o.put("Name", a.name());
    o.put("PurchaseCost", 0.0);
    o.putNull("AcquisitionDate");
    o.putNull("ExpectedReplacementDate");
    o.put("RequestingCustomerID", uid(a.owningCustomerUid()));
    o.put("RequestingCustomerName", owner == null ? null : owner.fullName());
    o.put("RequestingDepartmentID", owner == null ? 0 : owner.accountId());
    o.put(
        "RequestingDepartmentName",
        owner == null ? null : nameOf(catalog.accounts(), owner.accountId()));
    o.put("OwningCustomerID", uid(a.owningCustomerUid()));
    o.put("OwningCustomerName", owner == null ? null : owner.fullName());
    o.put("OwningDepartmentID", owner == null ? 0 : owner.accountId());
    o.put(
        "OwningDepartmentName",
        owner == null ? null : nameOf(catalog.accounts(), owner.accountId()));
    o.put("ParentID", 0);
    o.putNull("ParentSerialNumber");
    o.putNull("ParentName");
    o.putNull("ParentTag");
    o.put("MaintenanceScheduleID", 0);
    o.putNull("MaintenanceScheduleName");
    o.put("ConfigurationItemID", a.ciId());
    o.putNull("ExternalID");
    o.put("ExternalSourceID", 0);
    o.putNull("ExternalSourceName");
    o.putArray("Attributes");
    o.putArray("Attachments");
    o.put("CreatedDate", date(a.createdDate()));
    o.putNull("CreatedUid");
    o.put("CreatedFullName", "Asset Import");
    o.put("ModifiedDate", date(a.modifiedDate()));
    o.putNull("ModifiedUid");
    o.put("ModifiedFullName", "Asset Import");
    o.put("Uri", "api/" + app + "/assets/" + a.id());
    return o;
  }

  // ---- people

  /**
   * A User. The full form is {@code GET people/{uid}}; the partial form (lookup and search) has no
   * location, applications, attributes or group IDs.
   */
  public ObjectNode user(Person p, boolean full) {
    ObjectNode o = Json.object();
    o.put("UID", uid(p.uid()));
    o.put("ReferenceID", p.referenceId());
    o.put("BEID", uid(new UUID(0x5eed_0000_0000_0000L, 1)));
    o.put("BEIDInt", 1);
    o.put("IsActive", true);
    o.put("IsConfidential", false);
    o.put("UserName", p.userName());
    o.put("FullName", p.fullName());
    o.put("FirstName", p.firstName());
    o.put("LastName", p.lastName());
    o.putNull("MiddleName");
    o.putNull("Salutation");
    o.putNull("Nickname");
    o.put("DefaultAccountID", p.accountId());
    o.put("DefaultAccountName", nameOf(catalog.accounts(), p.accountId()));
    o.put("PrimaryEmail", p.email());
    o.putNull("AlternateEmail");
    o.putNull("ExternalID");
    o.putNull("AlternateID");
    o.putArray("Applications");
    o.putNull("SecurityRoleName");
    o.putNull("SecurityRoleID");
    o.putNull("Permissions");
    o.putArray("OrgApplications");
    o.put("PrimaryClientPortalApplicationID", 0);
    o.put("TZID", 4);
    o.put("TZName", "Eastern Standard Time");
    o.put("TypeID", 1);
    o.put("AuthenticationUserName", p.userName());
    o.put("AuthenticationProviderID", 0);
    o.putArray("Attributes");
    o.putNull("IMProvider");
    o.putNull("IMHandle");
    o.put("IsEmployee", p.employee());
    o.put("Title", p.title());
    o.put("Company", "University");
    o.put("AlertEmail", p.email());
    o.put("WorkPhone", p.phone());
    o.putNull("MobilePhone");
    o.putNull("HomePhone");
    o.putNull("Fax");
    o.putNull("Pager");
    o.putNull("OtherPhone");
    o.put("LocationID", full ? p.locationId() : 0);
    o.put("LocationName", full ? nameOf(catalog.locations(), p.locationId()) : null);
    o.put("LocationRoomID", 0);
    o.putNull("LocationRoomName");
    o.putArray("GroupIDs");
    return o;
  }
}
