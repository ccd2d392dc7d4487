package org.tqd.sandbox.internal.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A ticket in the ticketing application. Mutable; every access goes through the {@link DataStore}
 * lock. Unset ints are 0 and unset references null, as in TDX's JSON.
 */
public final class Ticket {

  private final int id;
  private final UUID createdUid;
  private final Instant createdDate;
  private String title;
  private String description;
  private int typeId;
  private int formId;
  private int accountId;
  private int priorityId;
  private int impactId;
  private int urgencyId;
  private int sourceId;
  private int statusId;
  private int parentId;
  private int locationId;
  private UUID requestorUid;
  private int responsibleGroupId;
  private UUID responsibleUid;
  private Instant modifiedDate;
  private UUID modifiedUid;
  private final Map<Integer, String> attributes = new LinkedHashMap<>();
  private final List<Integer> assetIds = new ArrayList<>();
  private final List<FeedEntry> feed = new ArrayList<>();

  public Ticket(int id, UUID createdUid, Instant createdDate) {
    this.id = id;
    this.createdUid = createdUid;
    this.createdDate = createdDate;
    this.modifiedDate = createdDate;
    this.modifiedUid = createdUid;
  }

  public int id() {
    return id;
  }

  public UUID createdUid() {
    return createdUid;
  }

  public Instant createdDate() {
    return createdDate;
  }

  public String title() {
    return title;
  }

  public void title(String value) {
    title = value;
  }

  /** The HTML description. */
  public String description() {
    return description;
  }

  public void description(String value) {
    description = value;
  }

  public int typeId() {
    return typeId;
  }

  public void typeId(int value) {
    typeId = value;
  }

  public int formId() {
    return formId;
  }

  public void formId(int value) {
    formId = value;
  }

  public int accountId() {
    return accountId;
  }

  public void accountId(int value) {
    accountId = value;
  }

  public int priorityId() {
    return priorityId;
  }

  public void priorityId(int value) {
    priorityId = value;
  }

  public int impactId() {
    return impactId;
  }

  public void impactId(int value) {
    impactId = value;
  }

  public int urgencyId() {
    return urgencyId;
  }

  public void urgencyId(int value) {
    urgencyId = value;
  }

  public int sourceId() {
    return sourceId;
  }

  public void sourceId(int value) {
    sourceId = value;
  }

  public int statusId() {
    return statusId;
  }

  public void statusId(int value) {
    statusId = value;
  }

  public int parentId() {
    return parentId;
  }

  public void parentId(int value) {
    parentId = value;
  }

  public int locationId() {
    return locationId;
  }

  public void locationId(int value) {
    locationId = value;
  }

  public UUID requestorUid() {
    return requestorUid;
  }

  public void requestorUid(UUID value) {
    requestorUid = value;
  }

  public int responsibleGroupId() {
    return responsibleGroupId;
  }

  public void responsibleGroupId(int value) {
    responsibleGroupId = value;
  }

  public UUID responsibleUid() {
    return responsibleUid;
  }

  public void responsibleUid(UUID value) {
    responsibleUid = value;
  }

  public Instant modifiedDate() {
    return modifiedDate;
  }

  public UUID modifiedUid() {
    return modifiedUid;
  }

  /** Records a modification by {@code who} at {@code when}. */
  public void touch(UUID who, Instant when) {
    modifiedUid = who;
    modifiedDate = when.isAfter(modifiedDate) ? when : modifiedDate.plusMillis(1);
  }

  /** Custom attribute values by attribute ID (choice attributes hold the choice ID as text). */
  public Map<Integer, String> attributes() {
    return attributes;
  }

  /** IDs of the assets linked to the ticket, in the order they were linked. */
  public List<Integer> assetIds() {
    return assetIds;
  }

  /** Feed entries, oldest first. */
  public List<FeedEntry> feed() {
    return feed;
  }
}
