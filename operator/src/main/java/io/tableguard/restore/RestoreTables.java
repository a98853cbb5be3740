package io.tableguard.restore;

import io.tableguard.aws.TableTarget;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.model.restore.TableRestore;
import java.util.Optional;

/**
 * The tables of a TableRestore as its status recorded them: the source by the ARN AWS returned, reached with the
 * role of its ProtectedTable, and the target beside it in the same account and region; both checked against the
 * access policy again, so a recorded status never reaches further than the policy allows today.
 */
class RestoreTables {
  private final TableTargetResolver resolver;

  RestoreTables(TableTargetResolver resolver) {
    this.resolver = resolver;
  }

  TableTarget source(TableRestore restore) {
    return resolver.forRestore(restore.getStatus().getSourceTableArn(),
        Optional.ofNullable(restore.getStatus().getRoleArn()), restore.getMetadata().getNamespace(),
        restore.getMetadata().getName());
  }

  TableTarget target(TableRestore restore) {
    return resolver.allowed(restore.getMetadata().getNamespace(),
        source(restore).withTableName(restore.getSpec().getTarget().getTableName()));
  }

  /** Account, region and name of the table the restore creates; empty before the source ARN is known. */
  static Optional<String> targetKey(TableRestore restore) {
    return Optional.ofNullable(restore.getStatus()).map(s -> s.getSourceTableArn())
        .map(arn -> TableTargetResolver.fromTableArn(arn)
            .withTableName(restore.getSpec().getTarget().getTableName()).key());
  }
}
