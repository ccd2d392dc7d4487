package org.tqd.sandbox.internal.gen;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random names in the shapes real sites use. Every asset identifier mixes letters and digits; every
 * noise token is letters only, digits only, or from the fixed {@link #NOISE_VOCABULARY}, so noise
 * can never equal an identifier.
 */
final class Names {

  static final String[] FIRST = {
    "Ava", "Ben", "Chloe", "Devin", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jonah", "Keiko",
    "Liam", "Maya", "Nikhil", "Olivia", "Pavel", "Quinn", "Rosa", "Samir", "Tessa", "Uma", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Carmen", "Dmitri", "Esther", "Felix"
  };

  static final String[] LAST = {
    "Nguyen",
    "Okafor",
    "Patel",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Valdez",
    "Walsh",
    "Xu",
    "Young",
    "Zimmerman",
    "Abbott",
    "Brennan",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Ortega",
    "Price"
  };

  /** Department codes for computer names, upper and lower case forms. */
  private static final String[] DEPT = {
    "IC", "LSA", "LSAF", "CHEM", "PSYC", "PHYS", "ENGL", "MATH", "ECON", "HIST", "SOC", "BIO"
  };

  private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  private static final String LOWER_WORDS =
      "amiemg labpc kiosk scope imaging fmri wetlab seminar advising studio media grad";

  /**
   * Hyphenated and mixed tokens the generator writes as noise: they look like identifiers to a
   * naive extractor but never equal one.
   */
  static final List<String> NOISE_VOCABULARY =
      List.of(
          "re-install",
          "follow-up",
          "font-family",
          "WIN-10",
          "Wi-Fi",
          "e-mail",
          "log-in",
          "sign-in",
          "set-up",
          "Office-365",
          "x-ray",
          "KB5034441",
          "0x80070005",
          "0x800F081F",
          "MFA-enabled",
          "VPN-client",
          "self-service",
          "ID-card",
          "USB-C",
          "HDMI-2",
          "IPv4",
          "Win11",
          "macOS14",
          "M365",
          "TLS1",
          "HP-LaserJet",
          "E-3F");

  private final Random rnd;

  Names(Random rnd) {
    this.rnd = rnd;
  }

  String first() {
    return FIRST[rnd.nextInt(FIRST.length)];
  }

  String last() {
    return LAST[rnd.nextInt(LAST.length)];
  }

  /** A ten-digit phone number, written in one of three common ways. */
  String phone() {
    String area = rnd.nextBoolean() ? "734" : "313";
    String mid = String.valueOf(200 + rnd.nextInt(800));
    String end = String.format(Locale.ROOT, "%04d", rnd.nextInt(10_000));
    switch (rnd.nextInt(3)) {
      case 0:
        return area + "-" + mid + "-" + end;
      case 1:
        return "(" + area + ") " + mid + "-" + end;
      default:
        return area + mid + end;
    }
  }

  /** {@code IC-EHLB760-F16}: department, building code with digits, location suffix. */
  String deptHostName() {
    String dept = DEPT[rnd.nextInt(DEPT.length)];
    String bldg = letters(2 + rnd.nextInt(3)) + digits(2 + rnd.nextInt(3));
    String suffix = letters(1) + digits(2);
    return dept + "-" + bldg + "-" + suffix;
  }

  /** {@code LSAF-D30H6J3}: department and a Dell-style seven-character service tag. */
  String deptServiceTagName(String serviceTag) {
    return DEPT[rnd.nextInt(DEPT.length)] + "-" + serviceTag;
  }

  /** {@code psyc-amiemgT01}: a lower-case lab machine name. */
  String labName() {
    String[] words = LOWER_WORDS.split(" ");
    String dept = DEPT[rnd.nextInt(DEPT.length)].toLowerCase(Locale.ROOT);
    if (dept.length() < 3) {
      dept = dept + "s";
    }
    return dept
        + "-"
        + words[rnd.nextInt(words.length)]
        + (rnd.nextBoolean() ? "T" : "w")
        + digits(2);
  }

  /** {@code C02XJ0AXJGH5}: an Apple serial (12 characters, C or F then a digit). */
  String appleSerial() {
    String head = rnd.nextBoolean() ? "C02" : "FVF";
    String s = head + mixed(9);
    return s;
  }

  /** A generic 10–15 character upper-case serial with letters and digits. */
  String genericSerial() {
    return mixed(10 + rnd.nextInt(6));
  }

  /** A Dell-style seven-character service tag. */
  String serviceTag() {
    return mixed(7);
  }

  /** A property tag such as {@code U0473821}. */
  String propertyTag() {
    return "U" + digits(7);
  }

  /** Letters and digits, at least one of each. */
  private String mixed(int length) {
    while (true) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < length; i++) {
        b.append(ALNUM.charAt(rnd.nextInt(ALNUM.length())));
      }
      String s = b.toString();
      if (s.chars().anyMatch(Character::isDigit) && s.chars().anyMatch(Character::isLetter)) {
        return s;
      }
    }
  }

  private String letters(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(LETTERS.charAt(rnd.nextInt(LETTERS.length())));
    }
    return b.toString();
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + rnd.nextInt(10)));
    }
    return b.toString();
  }
}
