package io.tableguard.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableguard.model.AwsAccess;
import io.tableguard.model.ProtectedTableSpec;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TableTargetResolverTest {

  private static final String ROLE = "arn:aws:iam::222222222222:role/tableguard";

  private final AtomicInteger defaultAccountCalls = new AtomicInteger();
  private final Supplier<String> defaultAccount = () -> {
    defaultAccountCalls.incrementAndGet();
    return "111111111111";
  };

  private TableTargetResolver resolver(String defaultRegion) {
    return new TableTargetResolver(Optional.ofNullable(defaultRegion), defaultAccount);
  }

  private static ProtectedTableSpec byName(String tableName, String region, String roleArn) {
    ProtectedTableSpec spec = new ProtectedTableSpec();
    spec.setTableName(tableName);
    spec.setRegion(region);
    if (roleArn != null) {
      AwsAccess aws = new AwsAccess();
      aws.setRoleArn(roleArn);
      spec.setAws(aws);
    }
    return spec;
  }

  private static ProtectedTableSpec byArn(String tableArn) {
    ProtectedTableSpec spec = new ProtectedTableSpec();
    spec.setTableArn(tableArn);
    return spec;
  }

  @Test
  void takesRegionAccountAndNameFromTheTableArn() {
    ProtectedTableSpec spec = byArn("arn:aws:dynamodb:eu-west-1:333333333333:table/orders");
    spec.setRegion("us-east-1");
    spec.setTableName("ignored");

    TableTarget target = resolver("us-east-2").resolve(spec);

    assertThat(target.accountId()).isEqualTo("333333333333");
    assertThat(target.region()).isEqualTo("eu-west-1");
    assertThat(target.tableName()).isEqualTo("orders");
    assertThat(target.roleArn()).isEmpty();
    assertThat(defaultAccountCalls).hasValue(0);
  }

  @Test
  void letsTheTableArnAccountWinOverTheRoleAccountButKeepsTheRole() {
    ProtectedTableSpec spec = byArn("arn:aws:dynamodb:eu-west-1:333333333333:table/orders");
    spec.setAws(byName("x", null, ROLE).getAws());

    TableTarget target = resolver(null).resolve(spec);

    assertThat(target.accountId()).isEqualTo("333333333333");
    assertThat(target.roleArn()).contains(ROLE);
    assertThat(defaultAccountCalls).hasValue(0);
  }

  @Test
  void acceptsArnsOfOtherPartitions() {
    TableTarget target = resolver(null).resolve(byArn("arn:aws-cn:dynamodb:cn-north-1:333333333333:table/orders"));

    assertThat(target.key()).isEqualTo("333333333333/cn-north-1/orders");
  }

  @Test
  void rejectsAnArnThatIsNotADynamoDbTable() {
    assertThatThrownBy(() -> resolver("us-east-1").resolve(byArn("arn:aws:s3:::bucket")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.tableArn")
        .hasMessageContaining("arn:aws:s3:::bucket");
  }

  @Test
  void takesTheAccountFromTheRoleArnWithoutAskingForTheDefault() {
    TableTarget target = resolver("us-east-1").resolve(byName("orders", "eu-central-1", ROLE));

    assertThat(target.accountId()).isEqualTo("222222222222");
    assertThat(target.region()).isEqualTo("eu-central-1");
    assertThat(target.tableName()).isEqualTo("orders");
    assertThat(target.roleArn()).contains(ROLE);
    assertThat(defaultAccountCalls).hasValue(0);
  }

  @Test
  void rejectsARoleArnThatIsNotAnIamRole() {
    assertThatThrownBy(() -> resolver("us-east-1").resolve(byName("orders", null, "arn:aws:iam::222222222222:user/bob")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.aws.roleArn");
  }

  @Test
  void usesTheDefaultRegionWhenSpecRegionIsUnset() {
    TableTarget target = resolver("ap-southeast-2").resolve(byName("orders", null, null));

    assertThat(target.region()).isEqualTo("ap-southeast-2");
  }

  @Test
  void prefersSpecRegionOverTheDefaultRegion() {
    TableTarget target = resolver("ap-southeast-2").resolve(byName("orders", "eu-west-3", null));

    assertThat(target.region()).isEqualTo("eu-west-3");
  }

  @Test
  void asksTheDefaultAccountSupplierOnceWhenNoArnOrRoleNamesTheAccount() {
    TableTarget target = resolver("us-east-1").resolve(byName("orders", null, null));

    assertThat(target.accountId()).isEqualTo("111111111111");
    assertThat(target.roleArn()).isEmpty();
    assertThat(defaultAccountCalls).hasValue(1);
  }

  @Test
  void explainsThatSpecRegionIsNeededWhenThereIsNoRegionAnywhere() {
    assertThatThrownBy(() -> resolver(null).resolve(byName("orders", null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.region");
  }

  @Test
  void givesTheSameKeyForATableNamedByArnOrByNameAndRegion() {
    TableTarget viaArn = resolver(null).resolve(byArn("arn:aws:dynamodb:eu-west-1:111111111111:table/orders"));
    TableTarget viaName = resolver("us-east-1").resolve(byName("orders", "eu-west-1", null));
    TableTarget viaRole = resolver(null).resolve(byName("orders", "eu-west-1", "arn:aws:iam::111111111111:role/r"));

    assertThat(viaArn.key()).isEqualTo("111111111111/eu-west-1/orders");
    assertThat(viaName.key()).isEqualTo(viaArn.key());
    assertThat(viaRole.key()).isEqualTo(viaArn.key());
  }

  @Test
  void givesDifferentKeysForTheSameNameInAnotherAccountOrRegion() {
    TableTarget base = resolver(null).resolve(byName("orders", "eu-west-1", null));
    TableTarget otherRegion = resolver(null).resolve(byName("orders", "eu-west-2", null));
    TableTarget otherAccount = resolver(null).resolve(byName("orders", "eu-west-1", ROLE));

    assertThat(otherRegion.key()).isNotEqualTo(base.key());
    assertThat(otherAccount.key()).isNotEqualTo(base.key());
  }
}
