package dev.eventpipeline.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "arn:aws:iam::111122223333:user/alice, arn:aws:iam::111122223333:user/alice",
      "arn:aws:iam::111122223333:user/team/alice, arn:aws:iam::111122223333:user/team/alice",
      "arn:aws:iam::111122223333:root, arn:aws:iam::111122223333:root",
      "arn:aws:sts::111122223333:assumed-role/ci/run-42, arn:aws:sts::111122223333:assumed-role/ci",
      "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/jane@example.com,"
          + " arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123",
      "arn:aws-us-gov:sts::111122223333:assumed-role/ci/i-0abc, arn:aws-us-gov:sts::111122223333:assumed-role/ci",
      "arn:aws:sts::111122223333:federated-user/bob, arn:aws:sts::111122223333:federated-user/bob",
  })
  void theOwnerIsTheCallersArnWithoutAnAssumedRolesSessionName(String userArn, String owner) {
    assertThat(Caller.principal(userArn)).isEqualTo(owner);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "AIDAEXAMPLE", "arn:aws:s3:::bucket", "arn:aws:iam::1111:user/short-account",
      "arn:aws:iam::111122223333:user/with space"})
  void refusesWhatIsNotAnIamOrStsPrincipal(String userArn) {
    assertThatThrownBy(() -> Caller.principal(userArn)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "arn:aws:iam::111122223333:role/ops, arn:aws:sts::111122223333:assumed-role/ops",
      "arn:aws:iam::111122223333:role/teams/platform/ops, arn:aws:sts::111122223333:assumed-role/ops",
      "arn:aws:sts::111122223333:assumed-role/ops/jane, arn:aws:sts::111122223333:assumed-role/ops",
      "' arn:aws:iam::111122223333:user/alice ', arn:aws:iam::111122223333:user/alice",
  })
  void anAdminRoleMatchesEveryOneOfItsSessions(String configured, String principal) {
    assertThat(Caller.adminPrincipal(configured)).isEqualTo(principal);
    assertThat(Caller.of(principal + "/some-session", Set.of(Caller.adminPrincipal(configured))).admin())
        .isEqualTo(principal.contains(":assumed-role/"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://hooks.example.com/services/T0/B1/xyz, https://hooks.example.com/…",
      "https://hooks.example.com/?token=1, https://hooks.example.com/…",
      "https://hooks.example.com, https://hooks.example.com/",
      "https://hooks.example.com/, https://hooks.example.com/",
      "http://127.0.0.1:9000/hook, http://127.0.0.1:9000/…",
      "http://[::1]:9000/, http://[::1]:9000/",
      "'not a url', (invalid URL)",
  })
  void redactsEverythingAfterTheOrigin(String url, String shown) {
    assertThat(RedactedUrl.of(url)).isEqualTo(shown);
  }
}
