/**
 * tableguard: a Kubernetes operator that keeps DynamoDB point-in-time recovery on and restores tables.
 *
 * <h2>Layout</h2>
 * Shared floors, used by every kind and never using one: {@code model} (the CRDs' Java model, by kind, and the
 * reasons), {@code config} (settings, the access policy), {@code aws} (clients, budgets, gateways, who a spec
 * really reaches), {@code metrics}, {@code kube} (conditions, Events, status checkpoints, backoff, failure
 * handling, the cluster view, claims and install scopes) and {@code events} (change events from CloudTrail).
 * Above them one package per kind: {@code protection} (ProtectedTable) and {@code restore} (TableRestore). A kind
 * reads other kinds' model classes, never their code ({@code ArchitectureTest}). {@link io.tableguard.TableguardOperator}
 * builds the floors once and registers each kind's reconciler. See docs/architecture.md.
 *
 * <h2>Who owns what: one vocabulary</h2>
 * <ul>
 * <li><b>claim</b>: the cluster's decision of which resource may act on a table, made from informer caches of every
 * namespace, never from AWS tags (eventually consistent). {@link io.tableguard.kube.TableClaims}: which
 * ProtectedTable protects a table (the one that already does, else the oldest; the others show Conflict), and
 * which ProtectedTables name one at all. {@code restore.TargetClaims}: which TableRestore restores into a
 * target name (the earliest request), and that no ProtectedTable names it.</li>
 * <li><b>ownership</b>: the proof, from AWS, that a TableRestore created the table it restored: the restore call's
 * answer (TableId on status), else the {@code tableguard.io/restore-uid} tag ({@code aws.OwnershipTags}, written
 * by {@code restore.OwnershipTagger}) read back by {@code restore.TableOwnership}. Without proof the table is
 * {@code Unproven}: never tagged, changed or deleted.</li>
 * <li><b>scope</b>: which tableguard install serves an AWS account and region ({@link io.tableguard.kube.InstallScopes},
 * from the {@code status.managedBy} stamps and the installs' Leases, {@link io.tableguard.kube.InstallPresence}).
 * An install outside its scope does nothing there (ManagedByAnotherInstall).</li>
 * <li><b>access</b>: what the administrator lets a namespace reach ({@link io.tableguard.config.AccessPolicy}); a
 * spec's account, role or ARN is a claim to verify ({@link io.tableguard.aws.TableTargetResolver}).</li>
 * </ul>
 */
package io.tableguard;
