package io.tableguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tableguard.model.restore.TableRestoreSpec;
import org.junit.jupiter.api.Test;

/**
 * A completed restore's record must recognise its TableRestore re-created (by a GitOps tool) after an upgrade that
 * added spec fields with defaults: otherwise the re-creation restores again, a second paid restore.
 */
class RestoreIdentityTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ObjectMapper LATER_MODEL = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** A spec as this release's API server holds it, defaults included. */
  private static final String TODAY = """
      {"source": {"protectedTableRef": "orders"},
       "restorePoint": {"time": "2026-12-01T09:14:00Z"},
       "target": {"tableName": "orders-restored"},
       "copySettings": ["TimeToLive", "Streams", "Tags", "DeletionProtection", "AutoScaling", "PointInTimeRecovery"],
       "deletionPolicy": "Retain",
       "ttlAfterCompletion": "24h"}
      """;

  @Test
  void aFieldALaterReleaseAddsWithADefaultKeepsTheIdentity() {
    ObjectNode later = (ObjectNode) JSON.unmarshal(TODAY, ObjectNode.class);
    // What the next issues add: defaulted fields under spec (this model does not know them yet).
    later.putObject("itemLevel").put("mode", "WholeTable");
    later.put("verify", true);

    assertThat(identity(later.toString())).isEqualTo(identity(TODAY));
  }

  /** How the defect showed: the hash of the whole spec, as a model with one defaulted field more writes it. */
  @Test
  void theWholeSpecsHashChangedWithAFieldAddedWithItsDefault() {
    ObjectNode earlierRelease = (ObjectNode) JSON.unmarshal(TODAY, ObjectNode.class);
    earlierRelease.remove("copySettings");

    assertThat(RestoreIdentity.sha256(earlierRelease.toString())).isNotEqualTo(RestoreIdentity.sha256(
        JSON.asJson(JSON.unmarshal(TODAY, TableRestoreSpec.class))));
    assertThat(identity(earlierRelease.toString())).isEqualTo(identity(TODAY));
  }

  @Test
  void theSameInstantWrittenWithAnotherOffsetIsTheSameRestore() {
    assertThat(identity(TODAY.replace("2026-12-01T09:14:00Z", "2026-12-01T10:14:00+01:00")))
        .isEqualTo(identity(TODAY));
  }

  @Test
  void anotherSourceTimeTargetOrShapeIsAnotherRestore() {
    String today = identity(TODAY);
    assertThat(identity(TODAY.replace("\"orders\"", "\"payments\""))).isNotEqualTo(today);
    assertThat(identity(TODAY.replace("09:14:00Z", "09:15:00Z"))).isNotEqualTo(today);
    assertThat(identity(TODAY.replace("orders-restored", "orders-restored-2"))).isNotEqualTo(today);
    assertThat(identity(TODAY.replace("\"ttlAfterCompletion\": \"24h\"",
        "\"ttlAfterCompletion\": \"24h\", \"overrides\": {\"globalSecondaryIndexes\": []}"))).isNotEqualTo(today);
    assertThat(identity(TODAY.replace("\"time\": \"2026-12-01T09:14:00Z\"", "\"latest\": true")))
        .isNotEqualTo(today);
  }

  /** The spec as a release whose model has the added fields reads it (this one's ignores them). */
  private static String identity(String specJson) {
    try {
      return RestoreIdentity.of(LATER_MODEL.readValue(specJson, TableRestoreSpec.class));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
