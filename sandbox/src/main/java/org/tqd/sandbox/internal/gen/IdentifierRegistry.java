package org.tqd.sandbox.internal.gen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps asset identifiers (name, serial, tag) apart: no identifier of one asset may equal an
 * identifier or a {@linkplain Identifiers#fragments fragment} of an identifier of another asset, or
 * a fragment of any noise text the generator writes. Naming a computer {@code IC-EHLB760-F16}
 * therefore means no other asset is named {@code IC-EHLB760}; an asset's own identifiers may
 * overlap (a Mac named {@code L-C02XJ0AXJGH5} with serial {@code C02XJ0AXJGH5}).
 */
final class IdentifierRegistry {

  private static final int SHARED = -1;

  /** identifier (lower-case) → asset ID. */
  private final Map<String, Integer> owners = new HashMap<>();

  /** fragment (lower-case) → asset ID, or SHARED when several assets have it. */
  private final Map<String, Integer> fragments = new HashMap<>();

  private final Set<String> noise = new HashSet<>();

  /** Registers the fragments of noise text; identifiers may not equal any of them. */
  void noise(String text) {
    noise.addAll(Identifiers.textFragments(text));
  }

  /** Whether these identifiers could be given to a new asset without a collision. */
  boolean isFree(List<String> identifiers) {
    for (String raw : identifiers) {
      if (raw == null) {
        continue;
      }
      String id = raw.toLowerCase(Locale.ROOT);
      if (owners.containsKey(id) || fragments.containsKey(id) || noise.contains(id)) {
        return false;
      }
      for (String f : Identifiers.fragments(id)) {
        if (owners.containsKey(f)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Records the identifiers of an asset; they must be {@link #isFree free}. */
  void register(int assetId, List<String> identifiers) {
    for (String raw : identifiers) {
      if (raw == null) {
        continue;
      }
      String id = raw.toLowerCase(Locale.ROOT);
      owners.put(id, assetId);
      for (String f : Identifiers.fragments(id)) {
        fragments.merge(f, assetId, (a, b) -> Objects.equals(a, b) ? a : SHARED);
      }
    }
  }

  /** The asset an identifier belongs to, or null. */
  Integer owner(String identifier) {
    return owners.get(identifier.toLowerCase(Locale.ROOT));
  }

  /** The assets whose identifiers equal a fragment of the text. */
  Set<Integer> assetsNamedIn(String plainText) {
    Set<Integer> out = new HashSet<>();
    for (String f : Identifiers.textFragments(plainText)) {
      Integer owner = owners.get(f);
      if (owner != null) {
        out.add(owner);
      }
    }
    return out;
  }
}
