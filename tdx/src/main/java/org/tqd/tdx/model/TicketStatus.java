package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A ticket status ({@code TeamDynamix.Api.Tickets.TicketStatus}). {@code statusClass}: 1 New, 2
 * InProcess, 3 Completed, 4 Cancelled, 5 OnHold, 6 Requested.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketStatus(
    @JsonProperty("ID") int id,
    @JsonProperty("AppID") int appId,
    @JsonProperty("Name") String name,
    @JsonProperty("StatusClass") int statusClass,
    @JsonProperty("IsActive") boolean isActive) {}
