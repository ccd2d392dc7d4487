package org.tqd.sandbox.internal.gen;

import java.util.List;
import java.util.Random;

/**
 * Sentence templates for generated tickets. A {@code %s} is where an identifier or other value
 * goes. No template uses the words TDX clients treat as signs of a system message ("system",
 * "automated", "assigned to", "changed status from", "teamdynamix", "priority changed", "due
 * date"), so user entries are never mistaken for system ones.
 */
final class TicketTexts {

  static final List<String> TITLES_WITH_ID =
      List.of(
          "%s won't boot",
          "Computer %s running very slow",
          "Please re-image %s",
          "%s - no network connection",
          "Software install needed on %s",
          "Cannot log in to %s",
          "Blue screen on %s",
          "%s fan is very loud");

  static final List<String> GENERIC_TITLES =
      List.of(
          "Laptop very slow",
          "Computer won't turn on",
          "Need software installed",
          "Wi-Fi keeps dropping",
          "Email not syncing on my computer",
          "Screen flickering",
          "Request: re-install Office",
          "URGENT: cannot log in",
          "Keyboard and mouse not responding",
          "Computer restarts by itself",
          "Need help with VPN-client",
          "Disk almost full");

  static final List<String> PROBLEM_WITH_ID =
      List.of(
          "My computer <strong>%s</strong> will not start since yesterday.",
          "The machine %s shows a black screen after the login.",
          "Could someone look at %s? It has been very slow all week.",
          "I need MATLAB installed on %s for my class.",
          "%s keeps losing its network connection.",
          "The laptop <span style=\"font-family: Calibri, sans-serif\">%s</span> makes a"
              + " clicking noise.");

  static final List<String> PROBLEM_WITH_SERIAL =
      List.of(
          "It is the laptop with serial number %s (on the sticker underneath).",
          "Serial: %s",
          "The serial on the back says %s if that helps.",
          "My computer's S/N is %s.");

  static final List<String> PROBLEM_WITH_TAG =
      List.of("Asset tag: %s", "The property tag on it reads %s.", "It has tag %s on the side.");

  static final List<String> GENERIC_PROBLEMS =
      List.of(
          "My computer will not start since yesterday.",
          "Everything is very slow, even opening a browser takes minutes.",
          "I need a statistics package installed for my research.",
          "The screen flickers when I connect the projector.",
          "I can't get onto the Wi-Fi from my office.",
          "Outlook stopped syncing this morning.");

  static final List<String> NOISE =
      List.of(
          "You can reach me at %s.",
          "This is for the INFORMATION TECHNOLOGY budget.",
          "I already tried to re-install the driver.",
          "Please follow-up by e-mail when you can.",
          "It started after the WIN-10 update (error 0x80070005).",
          "I tried the self-service portal first but the sign-in failed.",
          "The USB-C dock and HDMI-2 cable are both new.",
          "Wi-Fi works fine on my phone.",
          "PLEASE HELP, I have a deadline on Friday.");

  static final List<String> TECH_ASKS =
      List.of(
          "Hi, could you tell us the computer name? It is on a sticker on the bottom of the"
              + " machine.",
          "Thanks for reaching out. Which computer is this about? A name or serial number would"
              + " help.",
          "Can you send a photo of the label, or the computer name?");

  static final List<String> TECH_GENERIC =
      List.of(
          "We will stop by your office this afternoon.",
          "Thanks, we are looking into it.",
          "Could you try restarting once more and let us know?",
          "A technician will follow-up tomorrow morning.");

  static final List<String> CUSTOMER_NAMES_IT =
      List.of(
          "It's %s.",
          "The sticker says %s",
          "Sure, the name is <b>%s</b>.",
          "Found it: %s (it was under the keyboard tray).");

  static final List<String> CUSTOMER_GENERIC =
      List.of(
          "Thanks! I'll be in the office after 2pm.",
          "I don't know where to find that, sorry.",
          "It's the black one on my desk.",
          "Restarting didn't help.");

  static final List<String> PRIVATE_NOTES_IT =
      List.of("Checked inventory: %s is hers.", "Inventory lookup says %s for this person.");

  static final List<String> OLD_COMPUTER =
      List.of(
          "My old laptop %s was replaced last year, so it is the new one.",
          "(Not the old desktop %s, that one went to surplus.)");

  static final List<String> PRINTER =
      List.of("The printer %s in the hallway also jams.", "Also, printing to %s does not work.");

  private final Random rnd;

  TicketTexts(Random rnd) {
    this.rnd = rnd;
  }

  String pick(List<String> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  String pick(List<String> list, String value) {
    return String.format(java.util.Locale.ROOT, pick(list), value);
  }
}
