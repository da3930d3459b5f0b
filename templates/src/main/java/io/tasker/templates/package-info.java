/**
 * Task templates: the YAML model of a workflow (a DAG of named steps), its loader and validator, the canonical
 * JSON form used on the templates topic, task-context validation and DAG readiness.
 *
 * <p>All value types are immutable records and safe to share between threads. Everything under
 * {@code io.tasker.templates.internal} is an implementation detail and must not be imported by other modules.
 */
package io.tasker.templates;
