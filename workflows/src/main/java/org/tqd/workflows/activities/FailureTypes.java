package org.tqd.workflows.activities;

import java.util.List;

/** {@code ApplicationFailure} type names thrown by activities. */
public final class FailureTypes {

  /** TDX answered 400: the request is invalid; not retried. */
  public static final String BAD_REQUEST = "TdxBadRequest";

  /** TDX answered 401 after a re-login: credentials wrong or revoked; not retried. */
  public static final String UNAUTHORIZED = "TdxUnauthorized";

  /** TDX answered 403; not retried. */
  public static final String FORBIDDEN = "TdxForbidden";

  /** TDX answered 404 (ticket, asset or status missing); not retried. */
  public static final String NOT_FOUND = "TdxNotFound";

  /** The action's parameters are invalid for this ticket; not retried. */
  public static final String INVALID_ACTION = "InvalidAction";

  /** TDX answered 429; retried after the reset time plus 5 s. */
  public static final String RATE_LIMITED = "TdxRateLimited";

  /** TDX answered 5xx or 408; retried. */
  public static final String SERVER_ERROR = "TdxServerError";

  /** TDX could not be reached or timed out; retried. */
  public static final String TRANSPORT = "TdxTransport";

  /** The ledger could not be read or written; retried, and nothing was written to TDX. */
  public static final String LEDGER_UNAVAILABLE = "LedgerUnavailable";

  /** The types that are never retried. */
  public static final List<String> NON_RETRYABLE =
      List.of(BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, INVALID_ACTION);

  private FailureTypes() {}
}
