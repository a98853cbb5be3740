package io.tableguard.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * One account and Region of the emulator: its own database in DynamoDB Local, and everything the emulator keeps
 * beside it (TableIds, the PITR history, restores in progress, backups, tags, auto scaling). Rooms are made on the
 * first request that acts in them and never share state; only the race hooks a test sets are common to all.
 */
final class Room implements AutoCloseable {
  final ArnScope arns;
  final DynamoLocalBackend backend;
  final Tables tables;
  final TableRestorer restorer;
  final ContinuousBackups continuousBackups;
  final Backups backups;
  final Tags tags;
  final SideServices autoScaling;
  final WriteLog writeLog;
  final AnswerOverlay overlay;
  final CloudTrailEvents cloudTrail;

  /**
   * @param identity CloudTrail's userIdentity of an access key, which does not depend on the room
   */
  Room(AccountRegion scope, DynamoLocalBackend engine, PitrEmulator.Options options, RaceHooks hooks,
      Function<String, ObjectNode> identity) {
    this.arns = new ArnScope(scope);
    this.backend = engine.in(scope);
    this.tables = new Tables(backend);
    PitrLedger ledger = new PitrLedger();
    this.restorer = new TableRestorer(backend, tables, options.clock(), options.restoreDelay());
    WriteLocks writeLocks = new WriteLocks(options.serialWrites());
    this.writeLog = new WriteLog(backend, tables, ledger, options.clock(), writeLocks, hooks);
    this.continuousBackups = new ContinuousBackups(backend, ledger, restorer, tables, options.clock(),
        options.latestLag(), writeLocks);
    this.backups = new Backups(backend, tables, restorer, options.clock(), options.backupTiming(), writeLocks);
    this.tags = new Tags(backend, tables, options.clock(), options.tagPropagationDelay());
    this.overlay = new AnswerOverlay(backend, tables, restorer, ledger, tags);
    this.autoScaling = new SideServices(backend, scope.account());
    this.cloudTrail = new CloudTrailEvents(scope.account(), tables::arn, identity);
  }

  AccountRegion scope() {
    return arns.scope();
  }

  @Override
  public void close() {
    restorer.close();
  }
}
