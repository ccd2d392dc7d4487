package org.tqd.tdx.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A TDX person ({@code TeamDynamix.Api.Users.User}), reduced to the fields tqd reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Person(
    @JsonProperty("UID") String uid,
    @JsonProperty("UserName") String userName,
    @JsonProperty("FullName") String fullName,
    @JsonProperty("PrimaryEmail") String primaryEmail,
    @JsonProperty("IsActive") boolean isActive) {}
