package io.tableguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterColumnOrderTest {
  private static final String GENERATED = """
      spec:
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".metadata.creationTimestamp"
            name: "Age"
            type: "date"
          - jsonPath: ".status.tableName"
            name: "Table"
            type: "string"
          name: "v1alpha1"
      """;

  @Test
  void ordersTheColumnsAsDeclaredAndChangesNothingElse() {
    String ordered = PrinterColumnOrder.reorder(GENERATED, List.of("Table", "Age"));

    assertThat(ordered).isEqualTo("""
        spec:
          versions:
          - additionalPrinterColumns:
            - jsonPath: ".status.tableName"
              name: "Table"
              type: "string"
            - jsonPath: ".metadata.creationTimestamp"
              name: "Age"
              type: "date"
            name: "v1alpha1"
        """);
  }

  @Test
  void refusesAColumnTheModelDoesNotDeclare() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder(GENERATED, List.of("Table")))
        .hasMessageContaining("Age");
  }
}
