package org.tqd.sandbox.internal.data;

import java.util.UUID;

/**
 * A TDX person (user).
 *
 * @param uid the person's Guid
 * @param referenceId the person's Int32 reference ID
 * @param userName login name
 * @param firstName first name
 * @param lastName last name
 * @param email primary e-mail address
 * @param phone work phone
 * @param title job title
 * @param employee whether the person is an employee (technicians and staff) rather than a customer
 * @param accountId the person's department (account)
 * @param locationId the person's building
 */
public record Person(
    UUID uid,
    int referenceId,
    String userName,
    String firstName,
    String lastName,
    String email,
    String phone,
    String title,
    boolean employee,
    int accountId,
    int locationId) {

  /** "First Last". */
  public String fullName() {
    return firstName + " " + lastName;
  }
}
