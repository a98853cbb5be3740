package io.tableguard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/** The region codes the CRD accepts are exactly the real regions the AWS SDK knows, each in its partition. */
class AwsRegionsTest {

  @Test
  void theAcceptedRegionsAreTheSdksRealRegionsWithTheirPartitions() {
    Map<String, String> sdk = new TreeMap<>();
    for (Region region : Region.regions()) {
      if (!region.isGlobalRegion()) {
        RegionMetadata metadata = RegionMetadata.of(region);
        sdk.put(region.id(), metadata == null ? "unknown partition" : metadata.partition().id());
      }
    }

    assertThat(AwsRegions.all())
        .as("AwsRegions must list every real region of the AWS SDK in use, no more; update it with the SDK")
        .containsExactlyEntriesOf(sdk);
  }

  @Test
  void noPseudoRegionOfTheSdkIsAccepted() {
    Pattern region = Pattern.compile(AwsRegions.REGION_PATTERN);
    for (Region r : Region.regions()) {
      assertThat(region.matcher(r.id()).matches()).as(r.id()).isEqualTo(!r.isGlobalRegion());
    }
    for (String pseudo : new String[] {"us-east-1-fips", "fips-us-east-1", "local", "dualstack-us-east-1",
        "aws-global", "us-gov-west-1-fips", "xx-made-up-1", "US-EAST-1", " us-east-1"}) {
      assertThat(region.matcher(pseudo).matches()).as(pseudo).isFalse();
      assertThat(AwsRegions.partitionOf(pseudo)).as(pseudo).isEmpty();
    }
  }

  @Test
  void aTableArnMustNameARealRegionOfItsOwnPartition() {
    Pattern arn = Pattern.compile(AwsRegions.TABLE_ARN_PATTERN);

    AwsRegions.all().forEach((region, partition) -> assertThat(arn.matcher("arn:" + partition + ":dynamodb:"
        + region + ":123456789012:table/orders").matches()).as(region).isTrue());
    assertThat(arn.matcher("arn:aws-cn:dynamodb:us-east-1:123456789012:table/orders").matches()).isFalse();
    assertThat(arn.matcher("arn:aws:dynamodb:cn-north-1:123456789012:table/orders").matches()).isFalse();
    assertThat(arn.matcher("arn:aws:dynamodb:us-east-1-fips:123456789012:table/orders").matches()).isFalse();
    assertThat(arn.matcher("arn:aws:dynamodb:us-east-1:123456789012:table/o").matches()).isFalse();
  }
}
