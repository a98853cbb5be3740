package io.tableguard.kind;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.tableguard.aws.AwsCalls;
import io.tableguard.aws.AwsClients;
import io.tableguard.aws.PitrGateway;
import io.tableguard.aws.TableTargetResolver;
import io.tableguard.config.OperatorSettings;
import io.tableguard.events.TableChanges;
import io.tableguard.kube.ClusterView;
import io.tableguard.kube.EventRecorder;
import io.tableguard.kube.InstallScopes;
import java.time.Clock;
import java.util.Optional;

/**
 * The shared floors, built once by {@code TableguardOperator} and handed to every kind: a kind builds what only it
 * needs (its gateway, its recorder, its metrics) on top of these, and never another kind's parts.
 *
 * @param changes the change-event sources, when change events are on
 */
public record Floors(OperatorSettings settings, Clock clock, KubernetesClient client, MeterRegistry registry,
    AwsClients aws, AwsCalls calls, TableTargetResolver resolver, PitrGateway pitr, EventRecorder events,
    ClusterView cluster, InstallScopes installs, Optional<TableChanges> changes) {}
