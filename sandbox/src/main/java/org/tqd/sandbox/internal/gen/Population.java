package org.tqd.sandbox.internal.gen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.tqd.sandbox.SiteIds;
import org.tqd.sandbox.internal.data.Asset;
import org.tqd.sandbox.internal.data.Catalog;
import org.tqd.sandbox.internal.data.DataStore;
import org.tqd.sandbox.internal.data.Person;

/**
 * The people and assets of the generated site: technicians, customers by asset profile (exactly one
 * active computer, several, or none; some also with retired computers and monitors), unowned lab
 * computers and printers. Every identifier goes through the {@link IdentifierRegistry}, so none
 * collides with another asset's identifiers or with noise. Shares the generator's random source;
 * call inside a {@link DataStore} write block.
 */
final class Population {

  /** The asset profile of a customer. */
  enum Profile {
    ONE,
    SEVERAL,
    NONE
  }

  private final DataStore store;
  private final Catalog catalog;
  private final SiteIds ids;
  private final Random rnd;
  private final Names names;
  private final Instant epoch;
  private final IdentifierRegistry registry = new IdentifierRegistry();
  private final List<Person> technicians = new ArrayList<>();
  private final List<Person> withOne = new ArrayList<>();
  private final List<Person> withSeveral = new ArrayList<>();
  private final List<Person> withNone = new ArrayList<>();
  private final List<Asset> labComputers = new ArrayList<>();
  private final List<Asset> printers = new ArrayList<>();
  private Instant lastNewAsset;

  Population(DataStore store, Random rnd, Names names, Instant epoch) {
    this.store = store;
    this.catalog = store.catalog();
    this.ids = catalog.ids();
    this.rnd = rnd;
    this.names = names;
    this.epoch = epoch;
    for (String noise : Names.NOISE_VOCABULARY) {
      registry.noise(noise);
    }
  }

  /**
   * From now on, new assets are dated after {@code from} (and after each other), as assets created
   * in TDX while a client runs are; before, they are dated in the past, as an existing catalogue
   * is. {@code from} must be later than every asset's dates so far.
   */
  void newAssetsDatedFrom(Instant from) {
    lastNewAsset = from;
  }

  /** Creates an employee account (the API accounts). */
  Person staff(String userName, String first, String last, String title) {
    Person p =
        new Person(
            uid(),
            store.newReferenceId(),
            userName,
            first,
            last,
            userName + "@example.edu",
            "734-555-0100",
            title,
            true,
            2205,
            3304);
    store.addPerson(p);
    return p;
  }

  /** Creates the technicians and printers on first use. */
  void ensureStaff() {
    if (technicians.isEmpty()) {
      for (int i = 0; i < 6; i++) {
        technicians.add(person(true));
      }
      for (int i = 0; i < 4; i++) {
        printers.add(createPrinter());
      }
    }
  }

  /** A random technician. */
  Person technician() {
    return technicians.get(rnd.nextInt(technicians.size()));
  }

  /** A random printer. */
  Asset printer() {
    return printers.get(rnd.nextInt(printers.size()));
  }

  /** The assets whose identifiers equal a fragment of the text. */
  Set<Integer> assetsNamedIn(String plainText) {
    return registry.assetsNamedIn(plainText);
  }

  Profile pickProfile() {
    int r = rnd.nextInt(10);
    return r < 5 ? Profile.ONE : r < 8 ? Profile.SEVERAL : Profile.NONE;
  }

  /** A customer with the profile: an existing one a quarter of the time, else a new one. */
  Person customer(Profile profile) {
    List<Person> pool =
        profile == Profile.ONE ? withOne : profile == Profile.SEVERAL ? withSeveral : withNone;
    if (!pool.isEmpty() && rnd.nextInt(4) == 0) {
      return pool.get(rnd.nextInt(pool.size()));
    }
    Person p = person(false);
    pool.add(p);
    int activeCount =
        profile == Profile.ONE ? 1 : profile == Profile.SEVERAL ? 2 + rnd.nextInt(2) : 0;
    for (int i = 0; i < activeCount; i++) {
      computer(p, true);
    }
    if (profile == Profile.NONE ? rnd.nextInt(10) < 4 : rnd.nextInt(10) < 3) {
      computer(p, false);
    }
    if (rnd.nextInt(10) < 3) {
      monitor(p);
    }
    return p;
  }

  private Person person(boolean employee) {
    String first = names.first();
    String last = names.last();
    int ref = store.newReferenceId();
    String user = (first.charAt(0) + last).toLowerCase(Locale.ROOT) + ref % 1000;
    int account = employee ? 2205 : 2201 + rnd.nextInt(5);
    Person p =
        new Person(
            uid(),
            ref,
            user,
            first,
            last,
            user + "@example.edu",
            names.phone(),
            employee
                ? "Desktop Support Specialist"
                : (rnd.nextBoolean() ? "Lecturer" : "Research Fellow"),
            employee,
            account,
            3301 + rnd.nextInt(5));
    store.addPerson(p);
    return p;
  }

  /** The person's active computers, in creation order. */
  List<Asset> actives(Person p) {
    List<Asset> out = new ArrayList<>();
    if (p == null) {
      return out;
    }
    for (Asset a : store.assetsOwnedBy(p.uid())) {
      if (a.formId() == ids.computerFormId() && a.statusId() == ids.activeAssetStatusId()) {
        out.add(a);
      }
    }
    return out;
  }

  Asset retiredOf(Person p) {
    for (Asset a : store.assetsOwnedBy(p.uid())) {
      if (a.formId() == ids.computerFormId() && a.statusId() == ids.retiredAssetStatusId()) {
        return a;
      }
    }
    return computer(p, false);
  }

  /** One of the person's active computers that has a serial number (adding one if needed). */
  Asset withSerial(Person p) {
    for (Asset a : actives(p)) {
      if (a.serialNumber() != null) {
        return a;
      }
    }
    return oneOf(actives(p));
  }

  /** One of the person's active computers that has a tag. */
  Asset withTag(Person p) {
    for (Asset a : actives(p)) {
      if (a.tag() != null) {
        return a;
      }
    }
    return oneOf(actives(p));
  }

  Asset labComputer() {
    if (labComputers.size() < 3 + store.tickets().size() / 50 || rnd.nextInt(3) == 0) {
      Asset a = createAsset(null, true, Style.LAB);
      labComputers.add(a);
      return a;
    }
    return labComputers.get(rnd.nextInt(labComputers.size()));
  }

  <T> T oneOf(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private enum Style {
    APPLE,
    DELL,
    LENOVO,
    LAB
  }

  private Asset computer(Person owner, boolean active) {
    Style style = Style.values()[rnd.nextInt(3)];
    return createAsset(owner, active, style);
  }

  private Asset createAsset(Person owner, boolean active, Style style) {
    while (true) {
      String name;
      String serial;
      String tag;
      int model;
      int supplier;
      switch (style) {
        case APPLE:
          serial = names.appleSerial();
          boolean laptop = rnd.nextBoolean();
          name = laptop ? "L-" + serial : names.deptHostName();
          tag = rnd.nextBoolean() ? names.propertyTag() : null;
          model = laptop ? 6601 : 6602;
          supplier = 6803;
          break;
        case DELL:
          tag = names.serviceTag();
          name = rnd.nextBoolean() ? names.deptServiceTagName(tag) : names.deptHostName();
          serial = rnd.nextInt(4) == 0 ? null : names.genericSerial();
          model = rnd.nextBoolean() ? 6603 : 6604;
          supplier = 6802;
          break;
        case LENOVO:
          serial = names.genericSerial();
          name = names.deptHostName();
          tag = rnd.nextBoolean() ? names.propertyTag() : null;
          model = 6605;
          supplier = 6801;
          break;
        default:
          name = names.labName();
          serial = names.genericSerial();
          tag = names.propertyTag();
          model = 6604;
          supplier = 6802;
      }
      List<String> identifiers = Arrays.asList(name, serial, tag);
      if (!registry.isFree(identifiers)) {
        continue;
      }
      int status = active ? ids.activeAssetStatusId() : ids.retiredAssetStatusId();
      return register(owner, ids.computerFormId(), name, serial, tag, status, model, supplier);
    }
  }

  private Asset monitor(Person owner) {
    while (true) {
      String serial = "CN0" + names.genericSerial().substring(0, 9);
      String name = "Dell P2723DE " + serial;
      if (registry.isFree(Arrays.asList(name, serial))) {
        return register(
            owner,
            catalog.monitorFormId(),
            name,
            serial,
            null,
            ids.activeAssetStatusId(),
            6606,
            6802);
      }
    }
  }

  private Asset createPrinter() {
    while (true) {
      String host = names.deptHostName();
      String name = "PRN-" + host.substring(host.indexOf('-') + 1);
      String serial = names.genericSerial();
      if (registry.isFree(Arrays.asList(name, serial))) {
        return register(
            null,
            catalog.printerFormId(),
            name,
            serial,
            null,
            ids.activeAssetStatusId(),
            6607,
            6801);
      }
    }
  }

  private Asset register(
      Person owner,
      int form,
      String name,
      String serial,
      String tag,
      int status,
      int model,
      int supplier) {
    Instant created = epoch.minus(Duration.ofDays(200 + rnd.nextInt(1000)));
    Instant modified = created.plus(Duration.ofDays(rnd.nextInt(150)));
    if (lastNewAsset != null) {
      // Created while the sandbox runs: TDX dates it now, after every asset that existed before,
      // so a client syncing assets by ModifiedDate finds it. (The draws above keep the data that
      // follows the same as before.)
      lastNewAsset = lastNewAsset.plusSeconds(1);
      created = lastNewAsset;
      modified = lastNewAsset;
    }
    Asset a =
        new Asset(
            store.newAssetId(),
            store.newCiId(),
            form,
            name,
            serial,
            tag,
            status,
            model,
            supplier,
            owner == null ? null : owner.uid(),
            owner == null ? 3301 + rnd.nextInt(5) : owner.locationId(),
            created,
            modified);
    registry.register(a.id(), Arrays.asList(name, serial, tag));
    store.addAsset(a);
    return a;
  }

  private UUID uid() {
    long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
