/**
 * Rules: condition trees over a ticket's TDX fields, custom attributes, report columns and ages
 * ({@link org.tqd.workflows.rules.Condition}), evaluated deterministically with three-valued logic
 * over {@link org.tqd.workflows.rules.Facts} (the workflow's ticket, or the starter's report row),
 * and business-hours calendars for ages in business time.
 */
package org.tqd.workflows.rules;
