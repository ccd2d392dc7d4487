package org.tqd.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.http.ApiException;
import org.tqd.sandbox.internal.http.ApiResponse;
import org.tqd.sandbox.internal.http.Exchange;
import org.tqd.sandbox.internal.http.JsonBody;
import org.tqd.sandbox.internal.json.Json;

/**
 * Assets: {@code GET assets/{id}} and {@code POST assets/search} with TDX's documented semantics.
 *
 * <ul>
 *   <li>{@code SerialLike}: SQL {@code LIKE '%value%'} (case-insensitive, {@code %} and {@code _}
 *       wildcards) on SerialNumber <em>and</em> Tag.
 *   <li>{@code SearchText}: every word must occur (case-insensitive substring) in one of Tag,
 *       SerialNumber, product model, manufacturer or supplier name. Not the asset Name, as TDX
 *       documents, unless the searchTextIncludesName switch is on.
 *   <li>{@code StatusIDs}, {@code FormIDs}, {@code OwningCustomerIDs}, {@code ModifiedDateFrom/To}:
 *       filters; {@code MaxResults} null or 0 returns all.
 * </ul>
 *
 * Results are ordered by asset ID and carry no Attributes or Attachments.
 */
public final class AssetsApi {

  private final Services s;
  private final DataStore store;

  public AssetsApi(Services services) {
    this.s = services;
    this.store = services.store();
  }

  /** {@code GET api/{assetApp}/assets/{id}}. */
  public ApiResponse get(Exchange x) {
    int id = x.pathInt("id");
    return store.read(
        () -> {
          Asset a = store.asset(id);
          if (a == null) {
            throw ApiException.notFound("Asset " + id + " was not found.");
          }
          return ApiResponse.ok(s.shapes().asset(a));
        });
  }

  /** {@code POST api/{assetApp}/assets/search} with an AssetSearch. */
  public ApiResponse search(Exchange x) {
    JsonBody b = x.body("an AssetSearch");
    Pattern serialLike = like(b.string("SerialLike"));
    String[] words = words(b.string("SearchText"));
    Set<Integer> statuses = set(b.integers("StatusIDs"));
    Set<Integer> forms = set(b.integers("FormIDs"));
    Set<UUID> owners = set(b.uids("OwningCustomerIDs"));
    Instant modifiedFrom = b.instant("ModifiedDateFrom");
    Instant modifiedTo = b.instant("ModifiedDateTo");
    Integer max = b.integerOrNull("MaxResults");
    if (max != null && max < 0) {
      throw ApiException.badRequest("MaxResults must be 0 (all) or positive, got " + max + ".");
    }
    boolean includeName = s.faults().searchTextIncludesName();
    Catalog c = s.catalog();
    return store.read(
        () -> {
          ArrayNode out = Json.array();
          for (Asset a : store.assets()) {
            if (max != null && max > 0 && out.size() >= max) {
              break;
            }
            if ((statuses != null && !statuses.contains(a.statusId()))
                || (forms != null && !forms.contains(a.formId()))
                || (owners != null && !owners.contains(a.owningCustomerUid()))
                || (modifiedFrom != null && a.modifiedDate().isBefore(modifiedFrom))
                || (modifiedTo != null && a.modifiedDate().isAfter(modifiedTo))) {
              continue;
            }
            if (serialLike != null
                && !matches(serialLike, a.serialNumber())
                && !matches(serialLike, a.tag())) {
              continue;
            }
            if (words != null && !textMatches(words, a, c, includeName)) {
              continue;
            }
            out.add(s.shapes().asset(a));
          }
          return ApiResponse.ok(out);
        });
  }

  private static boolean textMatches(String[] words, Asset a, Catalog c, boolean includeName) {
    Catalog.ProductModel model = c.productModels().get(a.productModelId());
    StringBuilder hay = new StringBuilder();
    hay.append(a.tag()).append('\n').append(a.serialNumber()).append('\n');
    hay.append(Catalog.nameOf(c.suppliers(), a.supplierId())).append('\n');
    if (model != null) {
      hay.append(model.name()).append('\n').append(model.manufacturerName()).append('\n');
    }
    if (includeName) {
      hay.append(a.name()).append('\n');
    }
    String text = hay.toString().toLowerCase(Locale.ROOT);
    for (String w : words) {
      if (!text.contains(w)) {
        return false;
      }
    }
    return true;
  }

  private static String[] words(String searchText) {
    if (searchText == null || searchText.isBlank()) {
      return null;
    }
    return searchText.trim().toLowerCase(Locale.ROOT).split("\\s+");
  }

  /** Compiles SQL LIKE '%value%' (case-insensitive); null for a blank value. */
  private static Pattern like(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    StringBuilder re = new StringBuilder();
    for (char ch : value.trim().toCharArray()) {
      if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  private static boolean matches(Pattern p, String value) {
    return value != null && p.matcher(value).find();
  }

  private static <T> Set<T> set(List<T> list) {
    return list == null || list.isEmpty() ? null : new HashSet<>(list);
  }
}
