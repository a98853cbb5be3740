/**
 * The data plane: code that reads and writes items, run by the copy Jobs rather than the controllers. It knows no
 * kind and no Kubernetes controller; a kind builds the Job that runs it and reads back what it reports.
 *
 * <p>Owned by: nobody's reconcile; a floor beside {@code aws}.
 */
package io.tableguard.dataplane;
