package io.tableguard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** DynamoDB Local's answers as AWS would give them: what it lacks is put in, what a deleted table drops goes. */
final class AnswerOverlay {
  private final DynamoLocalBackend backend;
  private final Tables tables;
  private final TableRestorer restorer;
  private final PitrLedger ledger;
  private final Tags tags;

  AnswerOverlay(DynamoLocalBackend backend, Tables tables, TableRestorer restorer, PitrLedger ledger, Tags tags) {
    this.backend = backend;
    this.tables = tables;
    this.restorer = restorer;
    this.ledger = ledger;
    this.tags = tags;
  }

  /**
   * What AWS shows that DynamoDB Local does not: every table description's TableId, restores in progress, and
   * state dropped with a table.
   */
  byte[] afterwards(String operation, byte[] answer) {
    String described = switch (operation) {
      case "DescribeTable" -> "Table";
      case "CreateTable", "UpdateTable", "DeleteTable" -> "TableDescription";
      default -> null;
    };
    if (described == null) {
      return answer;
    }
    JsonNode parsed = backend.parse(answer);
    // Identified before a DeleteTable drops the id: AWS's answer to a delete still carries it.
    ObjectNode table = tables.identify((ObjectNode) parsed.path(described));
    String name = table.path("TableName").asText();
    switch (operation) {
      case "DescribeTable" -> restorer.overlay(table);
      case "DeleteTable" -> {
        ledger.disable(name);
        restorer.forget(name);
        tables.dropped(name);
        tags.forget(table.path("TableArn").asText());
      }
      case "CreateTable" -> tables.forget(name);
    }
    return backend.bytes(parsed);
  }

}
