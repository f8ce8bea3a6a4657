package co.entrega.cluster;

/**
 * Published (synchronously) when an instance is known to have stopped: each feature releases what that instance held
 * in its own tables. A listener that throws (database down) makes the registry try again at its next round.
 */
public record InstanceStopped(String instanceId, String how) {
}
