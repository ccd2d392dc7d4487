package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Person;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.json.Json;

/**
 * People: {@code GET people/{uid}} (full User), {@code GET people/lookup} and {@code POST
 * people/search} (partial Users without location data), {@code GET people/getuid/{username}} (the
 * UID as a JSON string).
 */
public final class PeopleApi {

  /** Default and bounds of {@code people/lookup}'s {@code maxResults}. */
  static final int LOOKUP_DEFAULT = 50;

  static final int LOOKUP_MAX = 100;

  private final Services s;
  private final DataStore store;

  public PeopleApi(Services services) {
    this.s = services;
    this.store = services.store();
  }

  /** {@code GET api/people/{uid}}. */
  public ApiResponse get(Exchange x) {
    String raw = x.path("uid");
    UUID uid = JsonBody.parseUid(raw);
    if (uid == null) {
      throw ApiException.badRequest("The request is invalid: '" + raw + "' is not a valid Guid.");
    }
    return store.read(
        () -> {
          Person p = store.person(uid);
          if (p == null) {
            throw ApiException.notFound("Person " + uid + " was not found.");
          }
          return ApiResponse.ok(s.shapes().user(p, true));
        });
  }

  /** {@code GET api/people/lookup?searchText=&maxResults=} (maxResults 1–100, default 50). */
  public ApiResponse lookup(Exchange x) {
    String text = x.query("searchText");
    int max = Math.max(1, Math.min(LOOKUP_MAX, x.queryInt("maxResults", LOOKUP_DEFAULT)));
    String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return store.read(
        () -> {
          ArrayNode out = Json.array();
          if (needle.isEmpty()) {
            return ApiResponse.ok(out);
          }
          for (Person p : store.people()) {
            if (out.size() >= max) {
              break;
            }
            if (contains(p.fullName(), needle)
                || contains(p.userName(), needle)
                || contains(p.email(), needle)) {
              out.add(s.shapes().user(p, false));
            }
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code POST api/people/search} with a UserSearch; MaxResults null or 0 returns all. */
  public ApiResponse search(Exchange x) {
    JsonBody b = x.body("a UserSearch");
    String text = b.string("SearchText");
    String userName = b.string("UserName");
    Boolean active = b.boolOrNull("IsActive");
    Boolean employee = b.boolOrNull("IsEmployee");
    List<Integer> accountList = b.integers("AccountIDs");
    Set<Integer> accounts =
        accountList == null || accountList.isEmpty() ? null : new HashSet<>(accountList);
    int max = b.integer("MaxResults", 0);
    String needle = text == null ? null : text.trim().toLowerCase(Locale.ROOT);
    return store.read(
        () -> {
          ArrayNode out = Json.array();
          if (Boolean.FALSE.equals(active)) {
            return ApiResponse.ok(out);
          }
          for (Person p : store.people()) {
            if (max > 0 && out.size() >= max) {
              break;
            }
            if ((userName != null && !p.userName().equalsIgnoreCase(userName.trim()))
                || (employee != null && p.employee() != employee)
                || (accounts != null && !accounts.contains(p.accountId()))) {
              continue;
            }
            if (needle != null
                && !needle.isEmpty()
                && !contains(p.fullName(), needle)
                && !contains(p.userName(), needle)
                && !contains(p.email(), needle)) {
              continue;
            }
            out.add(s.shapes().user(p, false));
          }
          return ApiResponse.ok(out);
        });
  }

  /** {@code GET api/people/getuid/{username}}: the UID as a JSON string. */
  public ApiResponse getUid(Exchange x) {
    String userName = x.path("username");
    return store.read(
        () -> {
          Person p = store.personByUserName(userName);
          if (p == null) {
            throw ApiException.notFound("No person has the user name '" + userName + "'.");
          }
          return ApiResponse.okString(p.uid().toString());
        });
  }

  /** {@code GET api/auth/getuser}: the caller's full User. */
  public ApiResponse currentUser(Exchange x) {
    return store.read(() -> ApiResponse.ok(s.shapes().user(x.principal().person(), true)));
  }

  private static boolean contains(String field, String needle) {
    return field != null && field.toLowerCase(Locale.ROOT).contains(needle);
  }
}
