package dev.eventpipeline.notify.domain;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls the subscription API: the owner principal derived from the IAM identity the function URL
 * authenticated, and whether that principal is an administrator (who sees every subscription).
 *
 * <p>The principal is the caller's ARN (the {@code userArn} of the request context), except for an
 * assumed-role session, whose session name is dropped: {@code arn:aws:sts::111122223333:assumed-role/ci/run-42}
 * and {@code .../assumed-role/ci/run-43} are both {@code arn:aws:sts::111122223333:assumed-role/ci}. A
 * role's sessions are usually throwaway names (the CLI, CI runners, SSO), so owning per session would
 * orphan a subscription at the next login; whoever may assume the role already has all its rights.
 *
 * @param principal the owner recorded on subscriptions this caller creates
 */
public record Caller(String principal, boolean admin) {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("(arn:aws[a-z-]*:sts::\\d{12}:assumed-role/[^/]+)/[^/]+");
  private static final Pattern ROLE = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[^/]+/)*([^/]+)");
  private static final Pattern ANY_ARN = Pattern.compile("arn:aws[a-z-]*:(iam|sts)::\\d{12}:[\\x21-\\x7e]+");

  public Caller {
    Objects.requireNonNull(principal, "principal");
  }

  /**
   * The caller with this IAM ARN; an admin when its principal is one of {@code admins} (normalized
   * with {@link #adminPrincipal}).
   *
   * @throws IllegalArgumentException when {@code userArn} is not an IAM or STS ARN
   */
  public static Caller of(String userArn, Set<String> admins) {
    String principal = principal(userArn);
    return new Caller(principal, admins.contains(principal));
  }

  /** The owner principal of an IAM or STS caller ARN (an assumed role without its session name). */
  public static String principal(String userArn) {
    if (userArn == null || userArn.length() > 2048 || !ANY_ARN.matcher(userArn).matches()) {
      throw new IllegalArgumentException("not an IAM or STS principal ARN");
    }
    Matcher m = ASSUMED_ROLE.matcher(userArn);
    return m.matches() ? m.group(1) : userArn;
  }

  /**
   * An administrator as configured (SUBSCRIPTION_ADMINS), in the form {@link #principal} gives: a role
   * ARN ({@code arn:aws:iam::111122223333:role/path/ops}) becomes the ARN its sessions call with
   * ({@code arn:aws:sts::111122223333:assumed-role/ops}: STS ARNs carry no path); users, the account
   * root and assumed-role ARNs are kept as they are (the latter without a session name).
   */
  public static String adminPrincipal(String arn) {
    Matcher role = ROLE.matcher(arn == null ? "" : arn.strip());
    if (role.matches()) {
      return "arn:" + role.group(1) + ":sts::" + role.group(2) + ":assumed-role/" + role.group(3);
    }
    return principal(arn == null ? null : arn.strip());
  }

  /** Whether this caller may see and change the subscription: its owner, or an admin. */
  public boolean maySee(Subscription subscription) {
    return admin || principal.equals(subscription.owner());
  }
}
