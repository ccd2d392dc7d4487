package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An item of a TDX lookup list (a ticket form, a ticket type): its ID, name and whether active. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NamedItem(
    @JsonProperty("ID") int id,
    @JsonProperty("Name") String name,
    @JsonProperty("IsActive") boolean isActive) {}
