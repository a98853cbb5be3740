package io.tableguard.model;

/**
 * A condition or Event reason as users and their tooling read it (alerts, Argo CD health, runbooks): the name of
 * an enum constant, CamelCase. Each kind has its enum, and the reasons both kinds show are {@link SharedReason};
 * no reason is typed as a string anywhere else, so renaming one is a deliberate change that the golden test sees.
 */
public interface Reason {
  String name();
}
