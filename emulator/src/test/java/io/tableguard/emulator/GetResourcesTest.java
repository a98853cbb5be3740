package io.tableguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/** Fleet discovery's one call: the tagged tables, filtered by tag, a page at a time, through the AWS SDK. */
class GetResourcesTest extends EmulatorTestBase {

  @Override
  Duration restoreDelay() {
    return Duration.ZERO;
  }

  @Test
  void findsTaggedTablesByTagPageByPage() {
    String a = tagged("fleet-a", "team", "a");
    String b = tagged("fleet-b", "team", "b");
    String c = tagged("fleet-c", "team", "a");
    EmulatorClients.createTable(dynamo, "fleet-untagged");
    String gone = tagged("fleet-gone", "team", "a");
    dynamo.deleteTable(r -> r.tableName("fleet-gone"));

    try (ResourceGroupsTaggingApiClient tagging = EmulatorClients.client(ResourceGroupsTaggingApiClient.builder(),
        emulator)) {
      assertThat(arns(tagging.getResources(r -> r.resourceTypeFilters("dynamodb:table")
          .tagFilters(TagFilter.builder().key("team").values("a").build())))).containsExactly(a, c);
      assertThat(arns(tagging.getResources(r -> r.tagFilters(TagFilter.builder().key("team").build()))))
          .containsExactly(a, b, c).doesNotContain(gone);
      assertThat(arns(tagging.getResources(r -> r.resourceTypeFilters("ec2:instance")))).isEmpty();

      List<String> paged = new ArrayList<>();
      tagging.getResourcesPaginator(r -> r.resourcesPerPage(1).tagFilters(TagFilter.builder().key("team").build()))
          .forEach(page -> {
            assertThat(page.resourceTagMappingList()).hasSizeLessThanOrEqualTo(1);
            paged.addAll(arns(page));
          });
      assertThat(paged).containsExactly(a, b, c);
      assertThat(tagging.getResources(r -> r.tagFilters(TagFilter.builder().key("team").values("b").build()))
          .resourceTagMappingList()).singleElement().satisfies(m -> assertThat(m.tags())
              .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=b")));
    }
  }

  private String tagged(String table, String key, String value) {
    String arn = EmulatorClients.createTable(dynamo, table).tableArn();
    dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key(key).value(value).build()));
    return arn;
  }

  private static List<String> arns(GetResourcesResponse page) {
    return page.resourceTagMappingList().stream().map(ResourceTagMapping::resourceARN).toList();
  }
}
