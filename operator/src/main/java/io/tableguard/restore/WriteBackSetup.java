package io.tableguard.restore;

import io.tableguard.aws.CopySessions;
import io.tableguard.config.CopyJobSettings;
import java.net.URI;
import java.util.Optional;

/**
 * What item-level restores need to run their copy Jobs: where and how the Jobs run, the sessions scoped to two
 * tables, and the AWS endpoint the pods call (an emulator's, in tests and the sandbox).
 */
record WriteBackSetup(CopyJobs jobs, CopySessions sessions, CopyJobSettings settings, Optional<URI> awsEndpoint) {}
