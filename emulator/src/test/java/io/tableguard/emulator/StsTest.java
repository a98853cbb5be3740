package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/** AssumeRole as AWS serves it, through the AWS SDK: who the session is, and what STS refuses. */
class StsTest extends EmulatorTestBase {
  private static final String ROLE = "arn:aws:iam::111122223333:role/teams/tableguard-team";

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Test
  void aSessionIsTheRolesAccountAndSaysSo() {
    try (StsClient sts = EmulatorClients.client(StsClient.builder(), emulator)) {
      var answer = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("tableguard-team-a").durationSeconds(900)
          .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\","
              + "\"Resource\":\"*\"}]}")
          .tags(Tag.builder().key("tableguard.io/namespace").value("team-a").build()));

      assertThat(answer.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::111122223333:assumed-role/tableguard-team/tableguard-team-a");
      assertThat(answer.credentials().accessKeyId()).startsWith("ASIA");
      assertThat(answer.credentials().expiration()).isEqualTo(clock.instant().plusSeconds(900));
      try (StsClient session = as(answer.credentials())) {
        var me = session.getCallerIdentity();
        assertThat(me.account()).isEqualTo("111122223333");
        assertThat(me.arn()).isEqualTo(answer.assumedRoleUser().arn());
      }
      assertThat(sts.getCallerIdentity().arn()).as("the caller's own identity is unchanged")
          .isEqualTo("arn:aws:iam::000000000000:user/testing");
    }
  }

  @Test
  void refusesWhatStsRefuses() {
    try (StsClient sts = EmulatorClients.client(StsClient.builder(), emulator)) {
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("s").durationSeconds(900)))
          .isInstanceOf(StsException.class).hasMessageContaining("roleSessionName");
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("long").durationSeconds(7200)))
          .hasMessageContaining("exceeds the MaxSessionDuration");
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("big").policy("x".repeat(2049))))
          .hasMessageContaining("'policy'");
      Credentials first = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("first")).credentials();
      try (StsClient chained = as(first)) {
        assertThatThrownBy(() -> chained.assumeRole(r -> r.roleArn(ROLE).roleSessionName("second")
            .durationSeconds(3601))).hasMessageContaining("role chaining");
        assertThat(chained.assumeRole(r -> r.roleArn(ROLE).roleSessionName("second").durationSeconds(3600))
            .assumedRoleUser().arn()).endsWith("/second");
      }
      List<Tag> incompressible = new ArrayList<>();
      Random random = new Random(7);
      for (int i = 0; i < 50; i++) {
        incompressible.add(Tag.builder().key("k" + i + "-" + random.nextLong()).value(Long.toHexString(
            random.nextLong()) + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())).build());
      }
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("tagged").tags(incompressible)))
          .isInstanceOf(StsException.class).satisfies(e -> assertThat(((StsException) e).awsErrorDetails().errorCode())
              .isEqualTo("PackedPolicyTooLarge"));
    }
  }

  private StsClient as(Credentials credentials) {
    return StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
            credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
        .build();
  }
}
