package io.tableguard.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The AWS regions a spec may name: real region codes only, each with the partition its ARNs carry. Pseudo-regions
 * the AWS SDK also accepts ({@code us-east-1-fips}, {@code fips-us-east-1}, {@code dualstack-...}, {@code local},
 * {@code aws-global}) are other spellings of a real region's endpoint, or not AWS at all ({@code local} sends the
 * signed request to {@code http://localhost:8000}); a claim keyed on such text would miss the real region's
 * claims. The lists are constants because CRD validation annotations need compile-time constants; a test
 * compares them with the regions the AWS SDK knows, so an SDK that adds a region fails the build until it is
 * added here.
 */
public final class AwsRegions {
  public static final String AWS = "af-south-1|ap-east-1|ap-east-2|ap-northeast-1|ap-northeast-2|ap-northeast-3"
      + "|ap-south-1|ap-south-2|ap-southeast-1|ap-southeast-2|ap-southeast-3|ap-southeast-4|ap-southeast-5"
      + "|ap-southeast-6|ap-southeast-7|ca-central-1|ca-west-1|eu-central-1|eu-central-2|eu-north-1|eu-south-1"
      + "|eu-south-2|eu-west-1|eu-west-2|eu-west-3|il-central-1|me-central-1|me-south-1|mx-central-1|sa-east-1"
      + "|us-east-1|us-east-2|us-west-1|us-west-2";
  public static final String AWS_CN = "cn-north-1|cn-northwest-1";
  public static final String AWS_US_GOV = "us-gov-east-1|us-gov-west-1";
  public static final String AWS_ISO = "us-iso-east-1|us-iso-west-1";
  public static final String AWS_ISO_B = "us-isob-east-1|us-isob-west-1";
  public static final String AWS_ISO_E = "eu-isoe-west-1";
  public static final String AWS_ISO_F = "us-isof-east-1|us-isof-south-1";
  public static final String AWS_EUSC = "eusc-de-east-1";

  /** spec.region: one real region code. */
  public static final String REGION_PATTERN = "^(" + AWS + "|" + AWS_CN + "|" + AWS_US_GOV + "|" + AWS_ISO + "|"
      + AWS_ISO_B + "|" + AWS_ISO_E + "|" + AWS_ISO_F + "|" + AWS_EUSC + ")$";

  /** spec.tableArn: a DynamoDB table in a real region, under that region's partition. */
  public static final String TABLE_ARN_PATTERN = "^arn:(aws:dynamodb:(" + AWS + ")|aws-cn:dynamodb:(" + AWS_CN
      + ")|aws-us-gov:dynamodb:(" + AWS_US_GOV + ")|aws-iso:dynamodb:(" + AWS_ISO + ")|aws-iso-b:dynamodb:("
      + AWS_ISO_B + ")|aws-iso-e:dynamodb:(" + AWS_ISO_E + ")|aws-iso-f:dynamodb:(" + AWS_ISO_F
      + ")|aws-eusc:dynamodb:(" + AWS_EUSC + ")):[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}$";

  private static final Map<String, String> PARTITION_OF_REGION = partitions();

  private AwsRegions() {}

  /** The partition of a real region ({@code aws}, {@code aws-cn}, ...), or empty for any other text. */
  public static Optional<String> partitionOf(String region) {
    return Optional.ofNullable(region).map(PARTITION_OF_REGION::get);
  }

  /** Every real region and its partition, in region order. */
  public static Map<String, String> all() {
    return PARTITION_OF_REGION;
  }

  private static Map<String, String> partitions() {
    Map<String, String> partitions = new TreeMap<>();
    Map.of("aws", AWS, "aws-cn", AWS_CN, "aws-us-gov", AWS_US_GOV, "aws-iso", AWS_ISO, "aws-iso-b", AWS_ISO_B,
        "aws-iso-e", AWS_ISO_E, "aws-iso-f", AWS_ISO_F, "aws-eusc", AWS_EUSC).forEach((partition, regions) -> {
          for (String region : regions.split("\\|")) {
            partitions.put(region, partition);
          }
        });
    return Collections.unmodifiableMap(partitions);
  }
}
