package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator command as the engine sees it (mapped once from the Avro {@code TaskCommand} in {@link AvroMapping}).
 *
 * @param stepName required for {@link Type#RESOLVE_STEP} and {@link Type#COMPLETE_STEP}
 * @param result   the step's result for {@link Type#COMPLETE_STEP} (JSON null when none was given)
 */
public record OperatorCommand(Type type, String stepName, String reason, JsonNode result) {
    public enum Type { CANCEL, RETRY, RESOLVE_STEP, COMPLETE_STEP }
}
