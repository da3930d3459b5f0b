package io.tasker.topology;

/** Every store, source, processor and sink name of the topology, in one place. */
public final class TopologyNames {
    /** Task id -> task record (JSON), persistent RocksDB with a changelog. */
    public static final String TASKS_STORE = "tasks";
    /** Task id + part -> a task's context and each step's result (JSON), written once each; see TaskData. */
    public static final String TASK_DATA_STORE = "task-data";
    /** Due time (big-endian millis) + task id + kind + step + attempt -> timer; scanned by a wall-clock punctuator. */
    public static final String TIMERS_STORE = "timers";
    /** Sortable secondary-index keys (all/state/namespace/template + created time + task id) -> "". */
    public static final String TASK_INDEX_STORE = "task-index";
    /** Task state -> number of tasks in it (this partition). */
    public static final String TASK_COUNTS_STORE = "task-counts";
    /** {@code namespace\0template\0version\0state} -> number of tasks (this partition); see TemplateCounts. */
    public static final String TASK_TEMPLATE_COUNTS_STORE = "task-template-counts";
    /** Global store: template key {@code namespace/name/version} -> the registration record's raw bytes. */
    public static final String TEMPLATES_STORE = "templates";

    public static final String REQUESTS_SOURCE = "task-requests-source";
    public static final String RESULTS_SOURCE = "step-results-source";
    public static final String COMMANDS_SOURCE = "task-commands-source";
    public static final String TEMPLATES_SOURCE = "templates-source";

    public static final String REQUEST_PROCESSOR = "task-request-processor";
    public static final String RESULT_PROCESSOR = "step-result-processor";
    public static final String COMMAND_PROCESSOR = "task-command-processor";
    public static final String TEMPLATES_PROCESSOR = "templates-processor";

    public static final String STEP_COMMANDS_SINK = "step-commands-sink";
    public static final String LIFECYCLE_SINK = "lifecycle-sink";
    /** Durable domain events, to {@code domain-events.<namespace>}, released when their attempt is recorded. */
    public static final String DOMAIN_EVENTS_SINK = "domain-events-sink";
    public static final String REJECTED_SINK = "rejected-sink";

    private TopologyNames() {
    }
}
